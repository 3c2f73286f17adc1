package io.gossippreflight.analyzer.capture;

/** The pcap LINKTYPE values this analyzer decodes (tcpdump.org/linktypes.html). */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** DLT_RAW as written on most systems. */
    public static final int RAW_12 = 12;
    /** DLT_RAW as written on OpenBSD. */
    public static final int RAW_14 = 14;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    public static boolean supported(int linkType) {
        switch (linkType) {
            case NULL: case ETHERNET: case RAW_12: case RAW_14: case RAW: case LOOP:
            case LINUX_SLL: case IPV4: case IPV6: case LINUX_SLL2:
                return true;
            default:
                return false;
        }
    }

    public static String name(int linkType) {
        switch (linkType) {
            case NULL: return "null/loopback";
            case ETHERNET: return "ethernet";
            case RAW_12: case RAW_14: case RAW: return "raw-ip";
            case LOOP: return "openbsd-loop";
            case LINUX_SLL: return "linux-cooked-v1";
            case IPV4: return "raw-ipv4";
            case IPV6: return "raw-ipv6";
            case LINUX_SLL2: return "linux-cooked-v2";
            default: return "linktype-" + linkType;
        }
    }
}
