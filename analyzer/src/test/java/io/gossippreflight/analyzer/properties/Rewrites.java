package io.gossippreflight.analyzer.properties;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.properties.Captures.Capture;
import io.gossippreflight.analyzer.properties.Captures.Frame;
import io.gossippreflight.analyzer.properties.Captures.Iface;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The ways real captures differ from a clean one, as rewrites of a capture set: stopped early,
 * started late, taken at fewer points, headers only, offloads on, clocks apart, {@code -i any}
 * duplicates, several interfaces in one pcapng, IPv6.
 */
public final class Rewrites {
    private Rewrites() {
    }

    /** Every capture stopped at {@code t} (each by its own clock). */
    public static List<Capture> cut(List<Capture> set, long t) {
        List<Capture> out = new ArrayList<>();
        for (Capture c : set) {
            out.add(c.withFrames(c.frames().stream().filter(f -> f.timeNanos() <= t).toList()));
        }
        return out;
    }

    /** Every capture started at {@code t}: connections already open, no SYN, no handshake. */
    public static List<Capture> startAt(List<Capture> set, long t) {
        List<Capture> out = new ArrayList<>();
        for (Capture c : set) {
            out.add(c.withFrames(c.frames().stream().filter(f -> f.timeNanos() >= t).toList()));
        }
        return out;
    }

    /** Only the named capture points. */
    public static List<Capture> subset(List<Capture> set, Set<String> names) {
        return set.stream().filter(c -> names.contains(c.name())).toList();
    }

    /** Snap length {@code n}: only the first n bytes of every frame were kept. */
    public static List<Capture> snap(List<Capture> set, int n) {
        List<Capture> out = new ArrayList<>();
        for (Capture c : set) {
            List<Frame> fs = new ArrayList<>();
            for (Frame f : c.frames()) {
                fs.add(f.data().length <= n ? f : f.withData(Arrays.copyOf(f.data(), n), f.originalLength()));
            }
            out.add(c.withFrames(fs));
        }
        return out;
    }

    /** The named capture's clock runs {@code deltaNanos} ahead. */
    public static List<Capture> shiftClock(List<Capture> set, String name, long deltaNanos) {
        List<Capture> out = new ArrayList<>();
        for (Capture c : set) {
            out.add(!c.name().equals(name) ? c
                    : c.withFrames(c.frames().stream().map(f -> f.withTime(f.timeNanos() + deltaNanos)).toList()));
        }
        return out;
    }

    /**
     * Every frame of the named capture twice, a microsecond apart, as {@code tcpdump -i any} shows
     * a packet that crosses a bridge, bond or VLAN device and its member (Linux cooked v1 has no
     * interface index to tell them apart).
     */
    public static List<Capture> duplicates(List<Capture> set, String name) {
        List<Capture> out = new ArrayList<>();
        for (Capture c : set) {
            if (!c.name().equals(name)) {
                out.add(c);
                continue;
            }
            List<Frame> fs = new ArrayList<>();
            for (Frame f : c.frames()) {
                fs.add(f);
                fs.add(f.withTime(f.timeNanos() + 1_000));
            }
            out.add(c.withFrames(fs));
        }
        return out;
    }

    /**
     * All captures in one pcapng file named {@code name}, one interface per capture (and per
     * interface of a capture), in time order: what {@code mergecap} makes.
     */
    public static List<Capture> mergeIntoPcapng(List<Capture> set, String name) {
        List<Iface> ifaces = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        for (Capture c : set) {
            int base = ifaces.size();
            for (int i = 0; i < c.ifaces().size(); i++) {
                ifaces.add(new Iface(c.ifaces().get(i).linkType(), c.name() + (c.ifaces().size() > 1 ? "-" + i : "")));
            }
            for (Frame f : c.frames()) {
                frames.add(f.withIface(base + f.iface()));
            }
        }
        frames.sort((x, y) -> Long.compare(x.timeNanos(), y.timeNanos()));
        return List.of(new Capture(name, ifaces, frames));
    }

    /** Every IPv4 packet as IPv6 ({@link Ipv6Rewrite}). */
    public static List<Capture> ipv6(List<Capture> set) {
        List<Capture> out = new ArrayList<>();
        for (Capture c : set) {
            out.add(c.withFrames(c.frames().stream().map(Ipv6Rewrite::frame).toList()));
        }
        return out;
    }

    /**
     * The named (sender-side) capture with offloads on: runs of back-to-back data segments of one
     * connection direction become one TSO/GSO super-segment up to 64 KB, as the sender's capture
     * shows them before the NIC splits them. The IPv4 ID of the next packet then jumps by the
     * number of wire packets, as the NIC numbers them.
     */
    public static List<Capture> offload(List<Capture> set, String name) {
        List<Capture> out = new ArrayList<>();
        for (Capture c : set) {
            out.add(c.name().equals(name) && linkHandled(c) ? c.withFrames(Offload.merge(c.frames())) : c);
        }
        return out;
    }

    private static boolean linkHandled(Capture c) {
        return c.ifaces().stream().allMatch(i -> i.linkType() == LinkType.ETHERNET || i.linkType() == LinkType.LINUX_SLL2
                || i.linkType() == LinkType.LINUX_SLL);
    }
}
