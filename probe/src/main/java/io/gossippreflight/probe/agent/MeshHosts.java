package io.gossippreflight.probe.agent;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.check.TargetSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A mesh's hosts file: one {@code ADDRESS[:PORT]} a line (the gossip port, 7000 when left out),
 * {@code #} comments and blank lines ignored. The same file tells every agent its allow-list and
 * the mesh whom to ask.
 */
public final class MeshHosts {
    public static final int MAX_HOSTS = 512;
    static final long MAX_FILE_BYTES = 1 << 20;

    private MeshHosts() {
    }

    public static List<TargetSpec> read(Path file, int defaultPort) {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw ProbeException.usage("--hosts " + file + " is over 1 MiB: it lists one ADDRESS[:PORT] a line");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ProbeException.usage("--hosts " + file + " cannot be read: " + e.getMessage());
        }
        LinkedHashSet<TargetSpec> hosts = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int hash = l.indexOf('#');
            String t = (hash >= 0 ? l.substring(0, hash) : l).strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                hosts.add(TargetSpec.parse(t, defaultPort));
            } catch (ProbeException e) {
                throw ProbeException.usage(file + ":" + (i + 1) + ": " + e.getMessage());
            }
            if (hosts.size() > MAX_HOSTS) {
                throw ProbeException.usage(file + ": more than " + MAX_HOSTS + " hosts; a mesh checks every pair of them");
            }
        }
        if (hosts.size() < 2) {
            throw ProbeException.usage("--hosts " + file + " lists " + hosts.size() + " host" + (hosts.size() == 1 ? "" : "s")
                    + "; a mesh needs at least two (one ADDRESS[:PORT] a line)");
        }
        return new ArrayList<>(hosts);
    }
}
