package io.gossippreflight.probe.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * A network path between our host and a target, one {@link Way} per direction: the smallest hop's
 * MTU and what that hop does with a packet too large for it, an MSS clamp, delay, jitter and loss,
 * and a firewall that stops connections from being opened that way. The hosts' own interface MTUs
 * belong to the hosts ({@link SimProbeNetwork.Builder}).
 *
 * @param out us → target
 * @param in target → us
 */
public record PathSpec(Way out, Way in) {
    /** One-way delay of a LAN (the lab's veths measure about 0.05 ms round trip): the least any path has. */
    public static final Duration LAN_ONE_WAY = Duration.ofNanos(25_000);

    /**
     * One direction.
     *
     * @param mtu the smallest MTU of a hop on the way (e.g. the tunnel's 1422); larger packets are dropped there
     * @param icmp whether that hop's ICMP "too big" reaches the sender (PMTUD works) or is dropped (black hole)
     * @param mssClamp a middlebox lowers the MSS option of SYNs and SYN-ACKs travelling this way to this, 0 for none
     * @param oneWay delay of every packet
     * @param jitter each packet's delay varies by up to this much either way (packets keep their order)
     * @param loss probability that any one packet (data, ACK, SYN, ICMP or datagram) is lost
     * @param blocksConnections a firewall drops connection attempts (SYNs) this way
     */
    public record Way(int mtu, boolean icmp, int mssClamp, Duration oneWay, Duration jitter, double loss,
                      boolean blocksConnections) {
        public Way {
            Objects.requireNonNull(oneWay, "oneWay");
            Objects.requireNonNull(jitter, "jitter");
            if (mtu < 68 || mssClamp < 0 || oneWay.isNegative() || jitter.isNegative() || jitter.compareTo(oneWay) > 0
                    || !(loss >= 0 && loss < 1)) {
                throw new IllegalArgumentException("impossible way: mtu " + mtu + ", clamp " + mssClamp + ", delay "
                        + oneWay + " ± " + jitter + ", loss " + loss);
            }
        }

        /** No limit a host's interface does not already set, a LAN's delay, no loss. */
        public static Way open() {
            return new Way(65_536, true, 0, LAN_ONE_WAY, Duration.ZERO, 0, false);
        }

        public Way mtu(int m, boolean icmpReachesSender) {
            return new Way(m, icmpReachesSender, mssClamp, oneWay, jitter, loss, blocksConnections);
        }

        public Way clamp(int mss) {
            return new Way(mtu, icmp, mss, oneWay, jitter, loss, blocksConnections);
        }

        public Way delay(Duration d, Duration j) {
            return new Way(mtu, icmp, mssClamp, d, j, loss, blocksConnections);
        }

        public Way loss(double p) {
            return new Way(mtu, icmp, mssClamp, oneWay, jitter, p, blocksConnections);
        }

        public Way blockConnections() {
            return new Way(mtu, icmp, mssClamp, oneWay, jitter, loss, true);
        }
    }

    public PathSpec {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(in, "in");
    }

    /** Nothing between the hosts but their interfaces. */
    public static PathSpec direct() {
        return new PathSpec(Way.open(), Way.open());
    }

    /** A tunnel of {@code mtu} both ways whose ICMP reaches the senders (the lab's vpn). */
    public static PathSpec tunnel(int mtu) {
        return new PathSpec(Way.open().mtu(mtu, true), Way.open().mtu(mtu, true));
    }

    /** A tunnel of {@code mtu} both ways whose gateways drop ICMP "too big" (vpn-blackhole). */
    public static PathSpec blackHole(int mtu) {
        return new PathSpec(Way.open().mtu(mtu, false), Way.open().mtu(mtu, false));
    }

    /**
     * Round-trip time split evenly both ways (at least a LAN's), each one-way delay varying by
     * {@code jitterFraction} of itself.
     */
    public PathSpec rtt(Duration rtt, double jitterFraction) {
        Duration half = rtt.dividedBy(2);
        Duration oneWay = half.compareTo(LAN_ONE_WAY) < 0 ? LAN_ONE_WAY : half;
        Duration j = Duration.ofNanos((long) (oneWay.toNanos() * jitterFraction));
        return new PathSpec(out.delay(oneWay, j), in.delay(oneWay, j));
    }

    /** Random loss both ways. */
    public PathSpec loss(double p) {
        return new PathSpec(out.loss(p), in.loss(p));
    }

    /** An MSS clamp on both ways (the gateways rewrite SYNs and SYN-ACKs). */
    public PathSpec clamp(int mss) {
        return new PathSpec(out.clamp(mss), in.clamp(mss));
    }

    public PathSpec withOut(Way w) {
        return new PathSpec(w, in);
    }

    public PathSpec withIn(Way w) {
        return new PathSpec(out, w);
    }
}
