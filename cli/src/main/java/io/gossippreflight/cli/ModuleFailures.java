package io.gossippreflight.cli;

import io.gossippreflight.analyzer.capture.CaptureEnvironmentException;
import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.capture.CaptureUsageException;
import io.gossippreflight.fixtures.lab.LabException;

/**
 * Maps the typed exceptions of the lower modules (lab, wire, analyzer, probe, node) to exit
 * codes. Each module keeps its own exception types; only the cli knows the exit codes.
 */
final class ModuleFailures {
    private ModuleFailures() {
    }

    /** The exit code for a module's exception, or null when the type is not one we know. */
    static Integer exitCodeOf(Throwable t) {
        if (t instanceof LabException le) {
            return le.kind() == LabException.Kind.USAGE ? ExitCode.USAGE : ExitCode.ENVIRONMENT;
        }
        if (t instanceof io.gossippreflight.wire.WireFormatException) {
            return ExitCode.USAGE; // bytes that break the internode format: bad input (exit 2)
        }
        if (t instanceof io.gossippreflight.wire.netty.HandshakeTimeoutException) {
            return ExitCode.PROBLEM; // the peer or the path to it went silent mid-handshake
        }
        // analyzer: a bad capture file or request is bad input; no libpcap / no permission is the environment
        if (t instanceof CaptureFormatException || t instanceof CaptureUsageException) {
            return ExitCode.USAGE;
        }
        if (t instanceof CaptureEnvironmentException) {
            return ExitCode.ENVIRONMENT;
        }
        if (t instanceof io.gossippreflight.config.ConfigException) {
            return ExitCode.USAGE; // a cassandra.yaml / node.yaml that cannot be used
        }
        if (t instanceof io.gossippreflight.node.gossip.ShadowRoundException) {
            return ExitCode.PROBLEM; // no seed answered: a path (or seed) problem
        }
        if (t instanceof io.gossippreflight.node.NodeInputException) {
            return ExitCode.USAGE; // bad node.yaml, data file or refused operation
        }
        if (t instanceof io.gossippreflight.node.NodeEnvironmentException) {
            return ExitCode.ENVIRONMENT; // port in use, no node answering, unwritable directory
        }
        // probe: bad targets/options/files are usage; no epoll, a port in use, no capture permission the environment
        if (t instanceof io.gossippreflight.probe.ProbeException pe) {
            return pe.kind() == io.gossippreflight.probe.ProbeException.Kind.USAGE ? ExitCode.USAGE : ExitCode.ENVIRONMENT;
        }
        return null;
    }
}
