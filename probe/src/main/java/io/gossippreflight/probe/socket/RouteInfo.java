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
 */
public record RouteInfo(String device, String gateway, String source, OptionalInt learnedMtu, OptionalInt interfaceMtu) {
    private static final Pattern DEV = Pattern.compile("\\bdev (\\S+)");
    private static final Pattern VIA = Pattern.compile("\\bvia (?:inet6? )?(\\S+)");
    private static final Pattern SRC = Pattern.compile("\\bsrc (\\S+)");
    private static final Pattern MTU = Pattern.compile("\\bmtu (?:lock )?(\\d+)");

    /** Parses the first route of {@code ip route get} output. */
    public static RouteInfo parse(String output, OptionalInt interfaceMtu) {
        String text = output == null ? "" : output;
        return new RouteInfo(group(DEV, text), group(VIA, text), group(SRC, text),
                group(MTU, text) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(group(MTU, text))),
                interfaceMtu);
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    public RouteInfo withInterfaceMtu(OptionalInt mtu) {
        return new RouteInfo(device, gateway, source, learnedMtu, mtu);
    }
}
