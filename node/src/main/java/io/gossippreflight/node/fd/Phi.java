package io.gossippreflight.node.fd;

/**
 * The phi-accrual arithmetic as Cassandra computes it (gms/FailureDetector.java, CASSANDRA-2597):
 * phi is the silence divided by the mean inter-arrival time (an exponential model), and a node
 * is convicted when {@code PHI_FACTOR × phi} exceeds phi_convict_threshold.
 */
public final class Phi {
    /** 1 / ln 10 ≈ 0.434: keeps thresholds tuned for the older log10-based formula meaningful. */
    public static final double PHI_FACTOR = 1.0 / Math.log(10.0);

    private Phi() {
    }

    /** Raw phi: silence / mean interval. */
    public static double phi(long silenceNanos, double meanIntervalNanos) {
        if (!(meanIntervalNanos > 0)) {
            throw new IllegalArgumentException("mean interval must be positive, got " + meanIntervalNanos);
        }
        return silenceNanos / meanIntervalNanos;
    }

    /** The value compared with phi_convict_threshold (what operators see in logs). */
    public static double scaled(double phi) {
        return PHI_FACTOR * phi;
    }

    /** True when {@code phi} (raw) convicts at {@code threshold}. */
    public static boolean convicts(double phi, double threshold) {
        return PHI_FACTOR * phi > threshold;
    }

    /** The silence after which a node with this mean interval is convicted: threshold × ln 10 × mean. */
    public static double silenceToConvictNanos(double meanIntervalNanos, double threshold) {
        return threshold / PHI_FACTOR * meanIntervalNanos;
    }
}
