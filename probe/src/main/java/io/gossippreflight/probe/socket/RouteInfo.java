package io.gossippreflight.probe.socket;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this host's routing table says about the way to a destination ({@code ip route get DST}):
 * interface, next hop, source address and any path MTU learned from ICMP ("cache ... mtu N").
 *
 * @param device the outgoing interface, or null
 * @param gateway the next hop, or null when on-link
 * @param source the source address the kernel picks, or null
 * @param learnedMtu a path MTU cached for the destination (from ICMP, or a locked route MTU)
 * @param interfaceMtu the outgoing interface's MTU, when known
 * @param expiresSeconds for a path MTU learned from ICMP ("cache expires 540sec"), when the kernel
 *                       forgets it; empty for a route's own MTU
 */
public record RouteInfo(String device, String gateway, String source, OptionalInt learnedMtu, OptionalInt interfaceMtu,
                        OptionalInt expiresSeconds) {
    private static final Pattern DEV = Pattern.compile("\\bdev (\\S+)");
    private static final Pattern VIA = Pattern.compile("\\bvia (?:inet6? )?(\\S+)");
    private static final Pattern SRC = Pattern.compile("\\bsrc (\\S+)");
    private static final Pattern MTU = Pattern.compile("\\bmtu (?:lock )?(\\d+)");
    private static final Pattern EXPIRES = Pattern.compile("\\bexpires (\\d+)sec");

    /** Parses the first route of {@code ip route get} output. */
    public static RouteInfo parse(String output, OptionalInt interfaceMtu) {
        String text = output == null ? "" : output;
        return new RouteInfo(group(DEV, text), group(VIA, text), group(SRC, text),
                number(MTU, text), interfaceMtu, number(EXPIRES, text));
    }

    private static OptionalInt number(Pattern p, String text) {
        String g = group(p, text);
        return g == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(g));
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** A path MTU this host learned from ICMP (not a route's configured MTU), below the interface's. */
    public OptionalInt icmpLearnedMtu() {
        if (expiresSeconds.isEmpty() || learnedMtu.isEmpty()) {
            return OptionalInt.empty();
        }
        return interfaceMtu.isPresent() && learnedMtu.getAsInt() >= interfaceMtu.getAsInt() ? OptionalInt.empty()
                : learnedMtu;
    }

    public RouteInfo withInterfaceMtu(OptionalInt mtu) {
        return new RouteInfo(device, gateway, source, learnedMtu, mtu, expiresSeconds);
    }
}
