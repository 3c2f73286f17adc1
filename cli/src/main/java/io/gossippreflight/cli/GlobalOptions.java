package io.gossippreflight.cli;

import java.util.Arrays;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** Options every subcommand inherits. */
public final class GlobalOptions {
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces and internal detail on errors.")
    boolean debug;

    static boolean debug(ParseResult parseResult) {
        ParseResult pr = parseResult;
        while (pr != null) {
            if (pr.hasMatchedOption("--debug")) {
                return true;
            }
            pr = pr.subcommand();
        }
        return false;
    }

    static boolean debugRequested(String[] args) {
        return Arrays.asList(args).contains("--debug");
    }
}
