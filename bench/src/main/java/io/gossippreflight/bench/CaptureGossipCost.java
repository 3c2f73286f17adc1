package io.gossippreflight.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Gossip bytes per node per round of a real cluster, from a capture: {@code preflight analyze
 * --all-messages --json} decodes every internode message; over the capture's last {@code tail}
 * (steady state), each node's messages sent divided by the SYNs it sent (one per round). Message
 * sizes are the analyzer's (header + payload at the capture's messaging version), the same
 * measure as the node's {@code messageBytesSent}.
 */
final class CaptureGossipCost {
    /**
     * @param nodes      senders seen in the window
     * @param rounds     SYNs sent, averaged over the nodes
     * @param msgsPerRnd messages each node sent per round of its own
     * @param bytesPerRnd message bytes each node sent per round of its own
     * @param window     the window's length
     */
    record Cost(int nodes, double rounds, double msgsPerRnd, double bytesPerRnd, Duration window) {
    }

    private CaptureGossipCost() {
    }

    static Cost measure(Path preflightJar, Path capture, Duration tail) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                preflightJar.toString(), "analyze", "--all-messages", "--json", capture.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        JsonNode doc = new ObjectMapper().readTree(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("analyze of " + capture + " did not finish within 120 s");
        }
        return of(doc, tail);
    }

    /** The steady-state cost in an analyze JSON document (its {@code messages[]}). */
    static Cost of(JsonNode doc, Duration tail) {
        JsonNode messages = doc.path("messages");
        Instant last = Instant.MIN;
        for (JsonNode m : messages) {
            Instant t = Instant.parse(m.path("time").asText());
            last = t.isAfter(last) ? t : last;
        }
        Instant from = last.minus(tail);
        Map<String, long[]> perSender = new HashMap<>(); // sender -> {syns, messages, bytes}
        for (JsonNode m : messages) {
            if (Instant.parse(m.path("time").asText()).isBefore(from)) {
                continue;
            }
            String sender = m.path("from").asText().replaceAll(" \\(.*\\)$", ""); // "198.18.1.2 (point)" -> address
            long[] c = perSender.computeIfAbsent(sender, k -> new long[3]);
            c[0] += "GOSSIP_DIGEST_SYN".equals(m.path("verb").asText()) ? 1 : 0;
            c[1]++;
            c[2] += m.path("size").asLong();
        }
        double rounds = 0;
        double msgs = 0;
        double bytes = 0;
        int nodes = 0;
        for (long[] c : perSender.values()) {
            if (c[0] == 0) {
                continue; // not a gossiping node
            }
            nodes++;
            rounds += c[0];
            msgs += c[1] / (double) c[0];
            bytes += c[2] / (double) c[0];
        }
        if (nodes == 0) {
            throw new IllegalArgumentException("no gossip SYN in the capture's last " + tail.toSeconds() + " s");
        }
        return new Cost(nodes, rounds / nodes, msgs / nodes, bytes / nodes, tail);
    }
}
