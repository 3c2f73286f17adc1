package io.gossippreflight.cli.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.cli.Main;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code preflight probe check --json} run at b, with its exit code, document and progress. */
record ProbeRun(int exitCode, JsonNode target, String stdout, String stderr) {
    static ProbeRun at(Lab lab, String... args) {
        List<String> argv = new ArrayList<>(List.of("probe", "check", "--json"));
        argv.addAll(List.of(args));
        ExecResult r = lab.exec(LabHosts.B, LabSupport.java(Main.class.getName(), argv.toArray(String[]::new)),
                Duration.ofSeconds(120));
        try {
            JsonNode doc = new ObjectMapper().readTree(r.stdout());
            return new ProbeRun(r.exitCode(), doc.get("targets").get(0), r.stdout(), r.stderr());
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("probe check printed no JSON (exit " + r.exitCode() + "): "
                    + r.output(), e));
        }
    }

    JsonNode outbound() {
        return target.get("outbound");
    }

    JsonNode inbound() {
        return target.get("inbound");
    }

    String all() {
        return stdout + "\n--- progress:\n" + stderr;
    }
}
