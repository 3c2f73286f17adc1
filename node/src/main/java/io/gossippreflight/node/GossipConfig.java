package io.gossippreflight.node;

import java.time.Duration;
import java.util.Objects;

/**
 * Every gossip and failure-detection setting, immutable. Defaults are Cassandra 5.0.9's
 * (gms/Gossiper.java, gms/FailureDetector.java, config/CassandraRelevantProperties.java);
 * {@link #builder()} validates each value and the relations between them.
 */
public final class GossipConfig {
    /** Cassandra's default partitioner, sent in every SYN and compared by the receiver. */
    public static final String MURMUR3_PARTITIONER = "org.apache.cassandra.dht.Murmur3Partitioner";

    private final String clusterName;
    private final String partitioner;
    private final Duration interval;
    private final double phiConvictThreshold;
    private final int arrivalWindowSize;
    private final Duration fdInitialValue;
    private final Duration fdMaxInterval;
    private final Duration maxLocalPause;
    private final Duration ringDelay;
    private final Duration quarantineDelay;
    private final Duration fatClientTimeout;
    private final Duration failedBootstrapTimeout;
    private final Duration leftExpiry;
    private final Duration shadowRoundRetry;
    private final Duration shutdownAnnounceDelay;
    private final Duration echoTimeout;
    private final Duration maxGenerationDifference;

    private GossipConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.partitioner = b.partitioner;
        this.interval = b.interval;
        this.phiConvictThreshold = b.phiConvictThreshold;
        this.arrivalWindowSize = b.arrivalWindowSize;
        this.fdInitialValue = or(b.fdInitialValue, interval.multipliedBy(2));
        this.fdMaxInterval = or(b.fdMaxInterval, fdInitialValue);
        this.maxLocalPause = b.maxLocalPause;
        this.ringDelay = b.ringDelay;
        this.quarantineDelay = or(b.quarantineDelay, ringDelay.multipliedBy(2));
        this.fatClientTimeout = or(b.fatClientTimeout, quarantineDelay.dividedBy(2));
        this.failedBootstrapTimeout = or(b.failedBootstrapTimeout, fatClientTimeout.multipliedBy(10));
        this.leftExpiry = b.leftExpiry;
        this.shadowRoundRetry = b.shadowRoundRetry;
        this.shutdownAnnounceDelay = b.shutdownAnnounceDelay;
        this.echoTimeout = b.echoTimeout;
        this.maxGenerationDifference = b.maxGenerationDifference;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Cassandra's defaults with the given cluster name. */
    public static GossipConfig defaults(String clusterName) {
        return builder().clusterName(clusterName).build();
    }

    /** A builder holding this config's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().clusterName(clusterName).partitioner(partitioner).interval(interval)
                .phiConvictThreshold(phiConvictThreshold).arrivalWindowSize(arrivalWindowSize)
                .fdInitialValue(fdInitialValue).fdMaxInterval(fdMaxInterval).maxLocalPause(maxLocalPause)
                .ringDelay(ringDelay).quarantineDelay(quarantineDelay).fatClientTimeout(fatClientTimeout)
                .failedBootstrapTimeout(failedBootstrapTimeout).leftExpiry(leftExpiry)
                .shadowRoundRetry(shadowRoundRetry).shutdownAnnounceDelay(shutdownAnnounceDelay)
                .echoTimeout(echoTimeout).maxGenerationDifference(maxGenerationDifference);
    }

    /** cluster_name: a SYN from another cluster is dropped. */
    public String clusterName() {
        return clusterName;
    }

    /** Partitioner class name sent in SYNs; a mismatch drops the SYN. */
    public String partitioner() {
        return partitioner;
    }

    /** Gossip round interval (Cassandra: 1 s, fixed delay). */
    public Duration interval() {
        return interval;
    }

    /** phi_convict_threshold (default 8). */
    public double phiConvictThreshold() {
        return phiConvictThreshold;
    }

    /** Inter-arrival samples kept per endpoint (Cassandra: 1000). */
    public int arrivalWindowSize() {
        return arrivalWindowSize;
    }

    /** The first sample of a new arrival window (Cassandra: 2 × interval). */
    public Duration fdInitialValue() {
        return fdInitialValue;
    }

    /** Longer inter-arrival times are not recorded (Cassandra: = initial value). */
    public Duration fdMaxInterval() {
        return fdMaxInterval;
    }

    /** A gap between two interpretations longer than this is a local pause: convict nobody (5 s). */
    public Duration maxLocalPause() {
        return maxLocalPause;
    }

    /** RING_DELAY (30 s): the shadow round's budget and the wait before removenode/assassinate act. */
    public Duration ringDelay() {
        return ringDelay;
    }

    /** How long gossip about a just-removed endpoint is ignored (2 × RING_DELAY). */
    public Duration quarantineDelay() {
        return quarantineDelay;
    }

    /** A silent member without tokens is dropped after this (QUARANTINE_DELAY / 2). */
    public Duration fatClientTimeout() {
        return fatClientTimeout;
    }

    /** Same for a member stuck in BOOT (10 × fat-client timeout). */
    public Duration failedBootstrapTimeout() {
        return failedBootstrapTimeout;
    }

    /** How long LEFT / removed states are kept before eviction (Cassandra aVeryLongTime, 72 h). */
    public Duration leftExpiry() {
        return leftExpiry;
    }

    /** The shadow-round SYN is re-sent this often (5 s). */
    public Duration shadowRoundRetry() {
        return shadowRoundRetry;
    }

    /** How long a graceful stop waits after announcing shutdown (2 s). */
    public Duration shutdownAnnounceDelay() {
        return shutdownAnnounceDelay;
    }

    /** An ECHO_REQ without a response within this is forgotten (request timeout, 10 s). */
    public Duration echoTimeout() {
        return echoTimeout;
    }

    /** A generation this far ahead of our wall clock is rejected as corrupt (1 year). */
    public Duration maxGenerationDifference() {
        return maxGenerationDifference;
    }

    @Override
    public String toString() {
        return "GossipConfig[cluster=" + clusterName + ", interval=" + interval + ", phi=" + phiConvictThreshold
                + ", ringDelay=" + ringDelay + ", quarantine=" + quarantineDelay + ", leftExpiry=" + leftExpiry + "]";
    }

    private static Duration or(Duration d, Duration dflt) {
        return d != null ? d : dflt;
    }

    /** Builds a validated {@link GossipConfig}; unset derived values follow Cassandra's formulas. */
    public static final class Builder {
        private String clusterName = "Test Cluster";
        private String partitioner = MURMUR3_PARTITIONER;
        private Duration interval = Duration.ofSeconds(1);
        private double phiConvictThreshold = 8.0;
        private int arrivalWindowSize = 1000;
        private Duration fdInitialValue;
        private Duration fdMaxInterval;
        private Duration maxLocalPause = Duration.ofSeconds(5);
        private Duration ringDelay = Duration.ofSeconds(30);
        private Duration quarantineDelay;
        private Duration fatClientTimeout;
        private Duration failedBootstrapTimeout;
        private Duration leftExpiry = Duration.ofHours(72);
        private Duration shadowRoundRetry = Duration.ofSeconds(5);
        private Duration shutdownAnnounceDelay = Duration.ofSeconds(2);
        private Duration echoTimeout = Duration.ofSeconds(10);
        private Duration maxGenerationDifference = Duration.ofDays(365);

        private Builder() {
        }

        public Builder clusterName(String v) {
            clusterName = Objects.requireNonNull(v, "clusterName");
            return this;
        }

        public Builder partitioner(String v) {
            partitioner = Objects.requireNonNull(v, "partitioner");
            return this;
        }

        public Builder interval(Duration v) {
            interval = v;
            return this;
        }

        public Builder phiConvictThreshold(double v) {
            phiConvictThreshold = v;
            return this;
        }

        public Builder arrivalWindowSize(int v) {
            arrivalWindowSize = v;
            return this;
        }

        public Builder fdInitialValue(Duration v) {
            fdInitialValue = v;
            return this;
        }

        public Builder fdMaxInterval(Duration v) {
            fdMaxInterval = v;
            return this;
        }

        public Builder maxLocalPause(Duration v) {
            maxLocalPause = v;
            return this;
        }

        public Builder ringDelay(Duration v) {
            ringDelay = v;
            return this;
        }

        public Builder quarantineDelay(Duration v) {
            quarantineDelay = v;
            return this;
        }

        public Builder fatClientTimeout(Duration v) {
            fatClientTimeout = v;
            return this;
        }

        public Builder failedBootstrapTimeout(Duration v) {
            failedBootstrapTimeout = v;
            return this;
        }

        public Builder leftExpiry(Duration v) {
            leftExpiry = v;
            return this;
        }

        public Builder shadowRoundRetry(Duration v) {
            shadowRoundRetry = v;
            return this;
        }

        public Builder shutdownAnnounceDelay(Duration v) {
            shutdownAnnounceDelay = v;
            return this;
        }

        public Builder echoTimeout(Duration v) {
            echoTimeout = v;
            return this;
        }

        public Builder maxGenerationDifference(Duration v) {
            maxGenerationDifference = v;
            return this;
        }

        public GossipConfig build() {
            require(!clusterName.isEmpty(), "clusterName must not be empty");
            positive(interval, "interval");
            require(phiConvictThreshold > 0 && Double.isFinite(phiConvictThreshold),
                    "phiConvictThreshold must be a positive number, got " + phiConvictThreshold);
            require(arrivalWindowSize >= 1 && arrivalWindowSize <= 100_000,
                    "arrivalWindowSize must be in 1..100000, got " + arrivalWindowSize);
            positiveIfSet(fdInitialValue, "fdInitialValue");
            positiveIfSet(fdMaxInterval, "fdMaxInterval");
            positive(maxLocalPause, "maxLocalPause");
            positive(ringDelay, "ringDelay");
            positiveIfSet(quarantineDelay, "quarantineDelay");
            positiveIfSet(fatClientTimeout, "fatClientTimeout");
            positiveIfSet(failedBootstrapTimeout, "failedBootstrapTimeout");
            positive(leftExpiry, "leftExpiry");
            positive(shadowRoundRetry, "shadowRoundRetry");
            nonNegative(shutdownAnnounceDelay, "shutdownAnnounceDelay");
            positive(echoTimeout, "echoTimeout");
            positive(maxGenerationDifference, "maxGenerationDifference");
            GossipConfig c = new GossipConfig(this);
            require(c.maxLocalPause.compareTo(c.interval) > 0,
                    "maxLocalPause (" + c.maxLocalPause + ") must exceed the gossip interval (" + c.interval + ")");
            return c;
        }

        private static void positive(Duration d, String name) {
            require(d != null && !d.isNegative() && !d.isZero(), name + " must be a positive duration, got " + d);
        }

        private static void positiveIfSet(Duration d, String name) {
            if (d != null) {
                positive(d, name);
            }
        }

        private static void nonNegative(Duration d, String name) {
            require(d != null && !d.isNegative(), name + " must not be negative, got " + d);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
