package io.gossippreflight.probe.agent;

import io.gossippreflight.probe.check.TargetSpec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code probe mesh}: asks every host's agent to check every other host (both directions each),
 * {@code parallel} agents at a time, and builds the matrix.
 */
public final class Mesh {
    private Mesh() {
    }

    /**
     * @param hosts the mesh's hosts (their gossip address and port, where the responders listen)
     * @param agentPort the port every host's agent listens on
     * @param progress a line per agent asked and answered
     */
    public static MeshMatrix run(List<TargetSpec> hosts, int agentPort, int parallel, AgentClient client,
            Consumer<String> progress) {
        List<String> names = hosts.stream().map(TargetSpec::toString).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, hosts.size())), r -> {
            Thread t = new Thread(r, "mesh-agent");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<PairResult>>> asks = new ArrayList<>();
            for (TargetSpec h : hosts) {
                List<String> others = names.stream().filter(n -> !n.equals(h.toString())).toList();
                InetSocketAddress agent = new InetSocketAddress(h.resolve().getAddress(), agentPort);
                asks.add(pool.submit(() -> {
                    progress.accept("asking " + h + " to check " + others.size() + " host" + (others.size() == 1 ? "" : "s"));
                    List<PairResult> r = client.check(h.toString(), agent, others);
                    long failed = r.stream().filter(p -> p.error() != null).count();
                    progress.accept(h + " answered" + (failed > 0 ? ": " + r.get(0).error() : ""));
                    return r;
                }));
            }
            List<PairResult> all = new ArrayList<>();
            for (Future<List<PairResult>> f : asks) {
                try {
                    all.addAll(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return MeshMatrix.of(names, all);
        } finally {
            pool.shutdownNow();
        }
    }
}
