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
        return null;
    }
}
