package io.gossippreflight.probe.check;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.wire.MessagingVersion;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * How to check.
 *
 * @param clusterName the cluster_name our SYNs carry
 * @param partitioner the partitioner class our SYNs carry
 * @param endpoints at least N endpoints in the cluster to size messages for (a floor under what the
 *                  target's shadow ACK shows), or null
 * @param tokens at least T tokens per endpoint (a floor), or null
 * @param listen our listening address and port, or null for the address the route to each target
 *               uses, port 7000
 * @param targetKind what answers (AUTO decides from the ECHO answer)
 * @param udp also run the DF UDP probe (our responder only)
 * @param parallel probes in flight at once per direction
 * @param timeouts the waits
 * @param ladder message sizes of the ladder
 * @param capture capture packets on our interface during the check (root): ICMP seen joins the evidence
 * @param writePcap keep that capture in this file, or null
 * @param sizeSource where {@code endpoints}/{@code tokens} came from, for the report
 * @param hint the limits an earlier check of the same target found ({@code probe watch}), tried first
 */
public record CheckOptions(String clusterName, String partitioner, Integer endpoints, Integer tokens,
                           InetSocketAddress listen, TargetKind targetKind, boolean udp, int parallel,
                           ProbeTimeouts timeouts, List<Integer> ladder, MessagingVersion minVersion,
                           MessagingVersion maxVersion, boolean capture, java.nio.file.Path writePcap,
                           String sizeSource, SearchHint hint) {
    public static final int DEFAULT_LISTEN_PORT = 7000;
    public static final int MAX_PARALLEL = 64;
    /** Probes in flight per bisection round: 24 split a ladder's gap 25 ways, so two rounds pin the byte. */
    public static final int DEFAULT_PARALLEL = 24;

    public CheckOptions {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(partitioner, "partitioner");
        Objects.requireNonNull(targetKind, "targetKind");
        Objects.requireNonNull(timeouts, "timeouts");
        ladder = List.copyOf(ladder);
        hint = hint == null ? SearchHint.NONE : hint;
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw ProbeException.usage("--parallel " + parallel + " is out of range: use 1.." + MAX_PARALLEL);
        }
        if (endpoints != null && (endpoints < 1 || endpoints > ResponderConfig.MAX_ENDPOINTS)) {
            throw ProbeException.usage("--endpoints " + endpoints + " is out of range: use 1.." + ResponderConfig.MAX_ENDPOINTS);
        }
        if (tokens != null && (tokens < 1 || tokens > ResponderConfig.MAX_TOKENS)) {
            throw ProbeException.usage("--tokens " + tokens + " is out of range: use 1.." + ResponderConfig.MAX_TOKENS);
        }
    }

    public static CheckOptions defaults() {
        return new CheckOptions(ResponderConfig.DEFAULT_CLUSTER, ResponderConfig.DEFAULT_PARTITIONER, null, null, null,
                TargetKind.AUTO, false, DEFAULT_PARALLEL, ProbeTimeouts.DEFAULT, SizeLadder.DEFAULT, MessagingVersion.V12,
                MessagingVersion.V13, false, null, "--endpoints/--tokens", SearchHint.NONE);
    }

    public CheckOptions withCluster(String name, String partitionerClass) {
        return new CheckOptions(name, partitionerClass, endpoints, tokens, listen, targetKind, udp, parallel, timeouts,
                ladder, minVersion, maxVersion, capture, writePcap, sizeSource, hint);
    }

    /** Floors for the sizes of the cluster's messages, and where they come from ("num_tokens in FILE"). */
    public CheckOptions withSize(Integer n, Integer t, String source) {
        return new CheckOptions(clusterName, partitioner, n, t, listen, targetKind, udp, parallel, timeouts, ladder,
                minVersion, maxVersion, capture, writePcap, source, hint);
    }

    public CheckOptions withSize(Integer n, Integer t) {
        return withSize(n, t, "--endpoints/--tokens");
    }

    public CheckOptions withListen(InetSocketAddress l) {
        return new CheckOptions(clusterName, partitioner, endpoints, tokens, l, targetKind, udp, parallel, timeouts, ladder,
                minVersion, maxVersion, capture, writePcap, sizeSource, hint);
    }

    public CheckOptions withTargetKind(TargetKind k) {
        return new CheckOptions(clusterName, partitioner, endpoints, tokens, listen, k, udp, parallel, timeouts, ladder,
                minVersion, maxVersion, capture, writePcap, sizeSource, hint);
    }

    public CheckOptions withUdp(boolean on) {
        return new CheckOptions(clusterName, partitioner, endpoints, tokens, listen, targetKind, on, parallel, timeouts,
                ladder, minVersion, maxVersion, capture, writePcap, sizeSource, hint);
    }

    /** Capture during the check ({@code on}), keeping the pcap in {@code file} when not null. */
    public CheckOptions withCapture(boolean on, java.nio.file.Path file) {
        return new CheckOptions(clusterName, partitioner, endpoints, tokens, listen, targetKind, udp, parallel, timeouts,
                ladder, minVersion, maxVersion, on || file != null, file, sizeSource, hint);
    }

    /** The sizes of the ladder (message bytes, growing). */
    public CheckOptions withLadder(List<Integer> sizes) {
        return new CheckOptions(clusterName, partitioner, endpoints, tokens, listen, targetKind, udp, parallel, timeouts,
                sizes, minVersion, maxVersion, capture, writePcap, sizeSource, hint);
    }

    /** Limits an earlier check found, for the bisection to try first. */
    public CheckOptions withHint(SearchHint h) {
        return new CheckOptions(clusterName, partitioner, endpoints, tokens, listen, targetKind, udp, parallel, timeouts,
                ladder, minVersion, maxVersion, capture, writePcap, sizeSource, h);
    }

    public CheckOptions withParallel(int p) {
        return new CheckOptions(clusterName, partitioner, endpoints, tokens, listen, targetKind, udp, p, timeouts, ladder,
                minVersion, maxVersion, capture, writePcap, sizeSource, hint);
    }

    /**
     * The lowest version our listeners accept: 10, whatever we offer when connecting, so a 3.x
     * target (which our 4.0+ Initiate makes us reconnect to with the pre-4.0 handshake) can answer.
     */
    public MessagingVersion acceptMinVersion() {
        return MessagingVersion.V10;
    }
}
