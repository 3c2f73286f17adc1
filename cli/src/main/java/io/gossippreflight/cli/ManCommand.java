package io.gossippreflight.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preflight man --dir DIR}: writes the man pages; 'make build' and 'make install' run it (hidden). */
@Command(name = "man", hidden = true, description = "Write the man pages (section 1) of every command into a directory.")
public final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where to write preflight.1 and the others.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        String version = new VersionProvider().getVersion()[0].replaceFirst("^preflight ", "");
        int n = ManPages.write(spec.root().commandLine(), dir, version).size();
        spec.commandLine().getOut().println(n + " man pages in " + dir);
        return ExitCode.OK;
    }
}
