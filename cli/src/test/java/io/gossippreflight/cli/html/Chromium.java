package io.gossippreflight.cli.html;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's {@code chromium} package) for the HTML report tests: renders a page
 * from a file, offline, and gives back its DOM after scripts ran, or a screenshot. Without a
 * Chromium the tests are skipped loudly; on CI ({@code CI} or {@code GP_REQUIRE_CHROMIUM} set, as .ci/run does) a
 * missing Chromium fails them.
 */
final class Chromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long TIMEOUT_SECONDS = 90;

    private final Path binary;
    private final Path work;

    private Chromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** The browser, or the test is skipped (outside CI) / fails (on CI) saying how to get one. */
    static Chromium require(Path work) {
        Path found = find();
        if (found == null) {
            String msg = "HTML REPORT TESTS SKIPPED: no chromium on PATH; install it with 'apt-get install chromium' "
                    + "(.ci/run does)";
            System.err.println("############ " + msg);
            if (System.getenv("CI") != null || System.getenv("GP_REQUIRE_CHROMIUM") != null) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        return new Chromium(found, work);
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String n : NAMES) {
                Path p = Path.of(dir, n);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private List<String> command(String... extra) throws IOException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private String run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
        }
        Assertions.assertEquals(0, p.exitValue(), () -> "chromium failed: " + cmd + "\n" + read(err));
        return read(out);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The page's DOM as Chromium serialises it after loading (scripts run). */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(command("--dump-dom", page.toUri().toString()));
    }

    /** A PNG of the page at this window size. */
    Path screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(command("--window-size=" + width + "," + height, "--screenshot=" + png, page.toUri().toString()));
        Assertions.assertTrue(Files.size(png) > 0, "no screenshot written");
        return png;
    }
}
