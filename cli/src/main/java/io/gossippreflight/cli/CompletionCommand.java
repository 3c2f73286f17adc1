package io.gossippreflight.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight completion bash|zsh}: the shell completion script, from the command tree (picocli AutoComplete). */
@Command(name = "completion",
        description = {"Print the shell completion script for preflight: commands, subcommands, options, lab topologies.",
            "bash: installed by 'make install' (share/bash-completion/completions); by hand, add the source line below "
                    + "to ~/.bashrc. zsh: the same script through zsh's bashcompinit; add the source line to ~/.zshrc."},
        footer = {"", "Examples:",
            "  source <(preflight completion bash)",
            "  source <(preflight completion zsh)",
            "  preflight completion bash > /etc/bash_completion.d/preflight"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash or zsh.")
    String shell;

    static final class Shells extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Shells() {
            super(java.util.List.of("bash", "zsh"));
        }
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw PreflightException.usage("completion is for bash or zsh, got '" + shell + "'");
        }
        // picocli's script detects zsh and loads bashcompinit itself
        spec.commandLine().getOut().print(AutoComplete.bash("preflight", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
