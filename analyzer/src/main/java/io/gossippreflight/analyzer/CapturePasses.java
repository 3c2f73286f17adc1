package io.gossippreflight.analyzer;

import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.gossip.GossipStreams;
import io.gossippreflight.analyzer.gossip.ReassemblyBudget;
import io.gossippreflight.analyzer.pass.CapturePass;
import io.gossippreflight.analyzer.pass.CaptureResult;
import io.gossippreflight.analyzer.pass.PipelinedPass;
import io.gossippreflight.analyzer.pass.PointRegistry;
import io.gossippreflight.analyzer.pass.TcpPayloadListener;
import io.gossippreflight.analyzer.path.ArrivalCollector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The passes over the capture files: one capture after the other on the calling thread, or
 * several at once (each pipelined, {@link PipelinedPass}) with results merged in input order so
 * the report is the same.
 */
final class CapturePasses {
    private CapturePasses() {
    }

    /** Cap on packets kept by the second pass, over all captures. */
    static final long MAX_ARRIVALS = 2_000_000;

    static List<CaptureResult> firstPass(List<Analyzer.Input> inputs, PointRegistry registry, Analyzer.Options options,
            Map<String, GossipStreams> gossip) throws IOException {
        List<CaptureResult> results = new ArrayList<>();
        ReassemblyBudget budget = ReassemblyBudget.forHeap(); // one for every capture of this analysis
        // outside listeners may key their state by point: they see points numbered as they come, one capture at a time
        if (parallelism(inputs.size(), options) <= 1 || options.listeners() != null) {
            for (Analyzer.Input in : inputs) {
                GossipStreams gs = new GossipStreams(options.gossipPort(), budget);
                gossip.put(in.name(), gs);
                List<TcpPayloadListener> listeners = new ArrayList<>(listenersFor(in.name(), options));
                listeners.add(gs);
                results.add(readOnce(in, registry, options, listeners));
            }
            return results;
        }
        // each capture numbers its points from 0; merged in input order they get the numbers a sequential run gives
        record Local(PointRegistry points, GossipStreams gossip, CaptureResult result) {
        }
        List<Local> locals = inParallel(inputs, options, in -> {
            PointRegistry own = new PointRegistry();
            GossipStreams gs = new GossipStreams(options.gossipPort(), budget);
            return new Local(own, gs, readOnce(in, own, options, List.of(gs)));
        });
        for (int i = 0; i < inputs.size(); i++) {
            Local l = locals.get(i);
            int base = registry.merge(l.points());
            l.gossip().shiftPoints(base);
            gossip.put(inputs.get(i).name(), l.gossip());
            results.add(l.result().shiftPoints(base));
        }
        return results;
    }

    static ArrivalCollector secondPass(List<Analyzer.Input> inputs, PointRegistry registry, Analyzer.Options options,
            Map<Long, IntervalSet> queries) throws IOException {
        if (parallelism(inputs.size(), options) > 1) {
            List<ArrivalCollector> each = inParallel(inputs, options, in -> {
                ArrivalCollector c = new ArrivalCollector(queries, MAX_ARRIVALS);
                readOnce(in, registry, options, List.of(c));
                return c;
            });
            ArrivalCollector all = new ArrivalCollector(queries, MAX_ARRIVALS);
            for (ArrivalCollector c : each) {
                all.absorb(c);
            }
            if (all.count() < MAX_ARRIVALS) {
                return all;
            }
            // over the cap, which packets are kept depends on reading order: read one capture after the other
        }
        ArrivalCollector collector = new ArrivalCollector(queries, MAX_ARRIVALS);
        for (Analyzer.Input in : inputs) {
            readOnce(in, registry, options, List.of(collector));
        }
        return collector;
    }

    private static int parallelism(int captures, Analyzer.Options options) {
        return Math.min(captures, options.threads());
    }

    /** A pass over one capture that may run on a pool thread. */
    private interface Pass<T> {
        T run(Analyzer.Input in) throws IOException;
    }

    /**
     * Runs one pass per capture on up to {@code threads} threads; results in input order. The
     * failure reported is the first in input order, as when reading one capture after the other.
     */
    private static <T> List<T> inParallel(List<Analyzer.Input> inputs, Analyzer.Options options, Pass<T> pass)
            throws IOException {
        int n = parallelism(inputs.size(), options);
        AtomicInteger ids = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(() -> {
                long cpu0 = threadCpu();
                try {
                    r.run();
                } finally {
                    WORKER_CPU_NANOS.addAndGet(threadCpu() - cpu0);
                }
            }, "preflight-analyze-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Analyzer.Input in : inputs) {
                futures.add(pool.submit(() -> pass.run(in)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    for (Future<T> other : futures) {
                        other.cancel(true);
                    }
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("analysis interrupted");
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool); // so the CPU time of its threads is counted before anyone reads it
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time of the pool threads that have ended (for --stats). */
    private static final AtomicLong WORKER_CPU_NANOS = new AtomicLong();

    /**
     * CPU time this JVM has spent in analysis threads other than the caller's: capture workers and
     * reading threads, counted when they end.
     */
    static long helperCpuNanos() {
        return WORKER_CPU_NANOS.get() + PipelinedPass.readerCpuNanos();
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static List<TcpPayloadListener> listenersFor(String name, Analyzer.Options options) {
        return options.listeners() == null ? List.of() : options.listeners().apply(name);
    }

    private static CaptureResult readOnce(Analyzer.Input in, PointRegistry registry, Analyzer.Options options,
            List<TcpPayloadListener> listeners) throws IOException {
        if (options.threads() > 1 && options.backend() == CaptureFiles.Backend.BUFFERED) {
            return PipelinedPass.run(in.path(), in.shown(), in.name(), registry, options.limits(), listeners,
                    options.keepGoing());
        }
        try (PacketSource source = CaptureFiles.open(in.path(), options.backend(), in.shown())) {
            return CapturePass.run(source, in.name(), registry, options.limits(), listeners, options.keepGoing());
        }
    }
}
