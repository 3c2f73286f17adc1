package io.gossippreflight.node.fd;

import io.gossippreflight.node.GossipConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Phi-accrual failure detection for the endpoints of one node (Cassandra semantics:
 * gms/FailureDetector.java). {@link #report} on every newer heartbeat learnt through gossip,
 * {@link #interpret} once per endpoint per round. Not thread-safe: owned by the node's loop.
 *
 * <p>Local-pause guard: if the gap between two interpretations exceeds maxLocalPause, this
 * process was frozen (GC, VM stall), not the peers; nobody is convicted for maxLocalPause.
 *
 * @param <K> the endpoint identity
 */
public final class FailureDetector<K> {
    /** What one interpretation concluded. */
    public enum Outcome {
        /** No heartbeat ever reported for this endpoint. */
        UNKNOWN,
        /** phi below the threshold. */
        OK,
        /** phi above the threshold: the endpoint should be marked down. */
        CONVICT,
        /** This process just paused; no judgement. */
        LOCAL_PAUSE
    }

    /** An interpretation: the outcome and the phi it was based on (scaled, as compared with the threshold). */
    public record Verdict(Outcome outcome, double scaledPhi) {
    }

    private final Map<K, ArrivalWindow> windows = new HashMap<>();
    private final int size;
    private final long initialNanos;
    private final long maxIntervalNanos;
    private final long maxLocalPauseNanos;
    private final double threshold;
    private long lastInterpret;
    private long lastPause;
    private boolean paused;

    public FailureDetector(GossipConfig config, long nowNanos) {
        this.size = config.arrivalWindowSize();
        this.initialNanos = config.fdInitialValue().toNanos();
        this.maxIntervalNanos = config.fdMaxInterval().toNanos();
        this.maxLocalPauseNanos = config.maxLocalPause().toNanos();
        this.threshold = config.phiConvictThreshold();
        this.lastInterpret = nowNanos;
    }

    /** A heartbeat from {@code ep} was learnt at {@code nowNanos}. */
    public void report(K ep, long nowNanos) {
        windows.computeIfAbsent(ep, k -> new ArrivalWindow(size, initialNanos, maxIntervalNanos)).add(nowNanos);
    }

    /** Judges {@code ep} at {@code nowNanos}. */
    public Verdict interpret(K ep, long nowNanos) {
        ArrivalWindow w = windows.get(ep);
        if (w == null) {
            return new Verdict(Outcome.UNKNOWN, 0);
        }
        long gap = nowNanos - lastInterpret;
        lastInterpret = nowNanos;
        if (gap > maxLocalPauseNanos) {
            lastPause = nowNanos;
            paused = true;
            return new Verdict(Outcome.LOCAL_PAUSE, 0);
        }
        if (paused && nowNanos - lastPause < maxLocalPauseNanos) {
            return new Verdict(Outcome.LOCAL_PAUSE, 0);
        }
        double phi = w.phi(nowNanos);
        return new Verdict(Phi.convicts(phi, threshold) ? Outcome.CONVICT : Outcome.OK, Phi.scaled(phi));
    }

    /** Current scaled phi of {@code ep} without judging (for status displays); NaN if unknown. */
    public double currentPhi(K ep, long nowNanos) {
        ArrivalWindow w = windows.get(ep);
        return w == null ? Double.NaN : Phi.scaled(w.phi(nowNanos));
    }

    /** Mean inter-arrival time of {@code ep} in nanoseconds; NaN if unknown. */
    public double meanNanos(K ep) {
        ArrivalWindow w = windows.get(ep);
        return w == null ? Double.NaN : w.meanNanos();
    }

    /** When the last heartbeat of {@code ep} was reported (monotonic nanos), or null if never. */
    public Long lastArrivalNanos(K ep) {
        ArrivalWindow w = windows.get(ep);
        return w == null ? null : w.lastArrivalNanos();
    }

    /** Forgets {@code ep}'s history (evicted, or restarted after being down: relearn its rate). */
    public void remove(K ep) {
        windows.remove(ep);
    }

    public boolean knows(K ep) {
        return windows.containsKey(ep);
    }
}
