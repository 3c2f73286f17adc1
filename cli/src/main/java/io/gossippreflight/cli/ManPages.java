package io.gossippreflight.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages (roff, section 1) written from the command tree, one per command: preflight.1,
 * preflight-node-status.1... The same model as --help, so they cannot drift. picocli's
 * ManPageGenerator writes AsciiDoc, which needs asciidoctor (Ruby) or AsciidoctorJ (JRuby) to
 * become roff; roff straight from the model needs neither.
 */
final class ManPages {
    private ManPages() {
    }

    /** Writes every page into {@code dir}; returns the files written. */
    static List<Path> write(CommandLine root, Path dir, String version) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        walk(root, dir, version, written);
        return written;
    }

    private static void walk(CommandLine cl, Path dir, String version, List<Path> written) throws IOException {
        CommandSpec spec = cl.getCommandSpec();
        if (!spec.usageMessage().hidden()) {
            Path f = dir.resolve(pageName(spec) + ".1");
            Files.writeString(f, page(cl, version), StandardCharsets.UTF_8);
            written.add(f);
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) { // aliases point at the same CommandLine
                walk(sub, dir, version, written);
            }
        }
    }

    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String page(CommandLine cl, String version) {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder r = new StringBuilder();
        r.append(".TH \"").append(pageName(spec).toUpperCase(Locale.ROOT)).append("\" \"1\" \"\" \"preflight ")
                .append(version).append("\" \"gossip-preflight\"\n");
        r.append(".SH NAME\n").append(esc(pageName(spec))).append(" \\- ")
                .append(esc(firstSentence(spec))).append('\n');
        r.append(".SH SYNOPSIS\n.nf\n").append(esc(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(
                CommandLine.Help.Ansi.OFF)).synopsis(0).replaceFirst("^Usage: ", "").stripTrailing())).append("\n.fi\n");
        r.append(".SH DESCRIPTION\n");
        for (String s : spec.usageMessage().header()) {
            r.append(esc(s)).append("\n.PP\n");
        }
        for (String s : spec.usageMessage().description()) {
            r.append(s.isEmpty() ? ".PP\n" : esc(s) + "\n.PP\n");
        }
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            r.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                r.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
                        .append(esc(String.join(" ", p.description()))).append('\n');
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            r.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                r.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + esc(n) + "\\fR");
                }
                r.append(String.join(", ", names));
                if (o.arity().max() > 0) {
                    r.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
                }
                r.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
            }
        }
        if (!cl.getSubcommands().isEmpty()) {
            r.append(".SH COMMANDS\n");
            cl.getSubcommands().forEach((name, sub) -> {
                if (!sub.getCommandSpec().usageMessage().hidden()) {
                    r.append(".TP\n\\fB").append(esc(name)).append("\\fR\n").append(esc(firstSentence(sub.getCommandSpec())))
                            .append("\nSee \\fB").append(esc(pageName(sub.getCommandSpec()))).append("\\fR(1).\n");
                }
            });
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            r.append(".SH NOTES\n");
            boolean verbatim = false;
            for (String line : footer) {
                boolean indented = line.startsWith(" ");
                if (indented != verbatim) {
                    r.append(indented ? ".PP\n.nf\n" : ".fi\n");
                    verbatim = indented;
                }
                r.append(line.isEmpty() ? ".PP\n" : esc(line) + "\n");
            }
            if (verbatim) {
                r.append(".fi\n");
            }
        }
        r.append(".SH SEE ALSO\n");
        r.append(spec.parent() == null ? "README.md and docs/ of gossip-preflight\n"
                : "\\fB" + esc(pageName(spec.parent())) + "\\fR(1)\n");
        return r.toString();
    }

    private static String firstSentence(CommandSpec spec) {
        String[] d = spec.usageMessage().header().length > 0 ? spec.usageMessage().header() : spec.usageMessage().description();
        String text = d.length == 0 ? spec.name() : d[0];
        int dot = text.indexOf(". ");
        return dot > 0 ? text.substring(0, dot + 1) : text;
    }

    /** roff escaping: backslashes, hyphens (so options copy as ASCII), and lines starting with a control character. */
    static String esc(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : e.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
