package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.Lab;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight lab exec HOST -- CMD...}. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a command inside a lab host; exits with the command's exit code.",
        footer = {"", "Example:", "  preflight lab exec a -- ping -c1 -M do -s 1394 198.18.2.2"})
public final class LabExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "a, ga, gb or b (direct: a or b).")
    String host;

    @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Lab lab = Lab.fromEnvironment();
        lab.requireEnvironment();
        lab.requireRunning();
        Process p = lab.spawn(host, command, ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT);
        // The child shares our terminal; Ctrl-C reaches it directly. Wait and pass its status on.
        return p.waitFor();
    }
}
