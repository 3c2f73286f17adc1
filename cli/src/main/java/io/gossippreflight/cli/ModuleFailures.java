package io.gossippreflight.cli;

/**
 * Maps the typed exceptions of the lower modules (lab, wire, analyzer, probe, node) to exit
 * codes. Each module keeps its own exception types; only the cli knows the exit codes.
 */
final class ModuleFailures {
    private ModuleFailures() {
    }

    /** The exit code for a module's exception, or null when the type is not one we know. */
    static Integer exitCodeOf(Throwable t) {
        if (t instanceof io.gossippreflight.wire.WireFormatException) {
            return ExitCode.USAGE; // bytes that break the internode format: bad input (exit 2)
        }
        return null;
    }
}
