package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/deps.sh, the one list of system packages make demo, make test and .ci/run install: run
 * in a bare environment (a PATH with only a shell and the few tools the script itself uses), as
 * a fresh machine would look, with apt-get replaced by a recorder.
 */
class DepsScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("gp.repo.root", "..")).resolve("scripts/deps.sh");

    @TempDir
    Path bin;

    record Run(int code, String out) {
    }

    private Run run(boolean asNobody, String... args) throws Exception {
        for (String tool : new String[] {"bash", "sed", "grep", "cat", "id", "head"}) {
            Path target = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(target) ? target : Path.of("/bin", tool));
        }
        Path aptGet = bin.resolve("apt-get");
        Files.writeString(aptGet, "#!" + bin.resolve("bash") + "\necho \"apt-get $*\" >> " + bin.resolve("apt.log") + "\n");
        Files.setPosixFilePermissions(aptGet, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path ldconfig = bin.resolve("ldconfig"); // a machine without libpcap: the loader knows no library
        Files.writeString(ldconfig, "#!" + bin.resolve("bash") + "\nexit 0\n");
        Files.setPosixFilePermissions(ldconfig, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> argv = new ArrayList<>();
        if (asNobody) {
            argv.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        argv.addAll(List.of("/usr/bin/env", "-i", "PATH=" + bin, bin.resolve("bash").toString(), SCRIPT.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    private String aptLog() throws Exception {
        Path log = bin.resolve("apt.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void aBareMachineLacksTheToolsAndTheCheckNamesTheirPackages() throws Exception {
        Run r = run(false, "--check");
        assertEquals(3, r.code(), r.out());
        for (String pkg : new String[] {"openjdk-17-jdk-headless", "maven", "make", "tcpdump", "libpcap0.8", "libpcap-dev",
            "stress-ng", "tshark"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(pkg + "\t")), pkg + " missing in:\n" + r.out());
        }
        assertEquals("", aptLog(), "--check installs nothing");
    }

    @Test
    void asRootItInstallsWhatIsMissingWithOneAptGetLine() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "runs the script as root");
        Run r = run(false, "build", "lab");
        assertEquals(0, r.code(), r.out());
        List<String> apt = aptLog().lines().toList();
        assertEquals("apt-get update -qq", apt.get(0), aptLog());
        assertTrue(apt.get(1).startsWith("apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven make "),
                aptLog());
        assertTrue(apt.get(1).contains(" tcpdump ") && apt.get(1).contains(" libpcap-dev"), aptLog());
        assertFalse(apt.get(1).contains("stress-ng"), "only the groups asked for: " + aptLog());
        assertEquals(2, apt.size(), aptLog());
    }

    @Test
    void withoutRootItPrintsTheAptGetLineAndStops() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "drops to nobody with setpriv");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run r = run(true, "build", "lab", "test");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.out().contains("sudo apt-get update && sudo apt-get install -y --no-install-recommends "
                + "openjdk-17-jdk-headless maven make"), r.out());
        assertTrue(r.out().contains(" stress-ng tshark"), r.out());
        assertEquals("", aptLog(), "nothing installed without root");
    }

    @Test
    void onThisMachineTheCheckRunsAndUnknownArgumentsAreUsageErrors() throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), "--check").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // 0 when the machine is set up, 3 with the list of what is missing: never anything else
        assertTrue(p.exitValue() == 0 ? out.startsWith("deps: nothing missing") : p.exitValue() == 3 && out.contains("\t"),
                p.exitValue() + ": " + out);
        assertEquals(2, run(false, "--bogus").code());
    }
}
