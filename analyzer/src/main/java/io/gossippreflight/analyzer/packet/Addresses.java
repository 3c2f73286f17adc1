package io.gossippreflight.analyzer.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** 128-bit address pairs: IPv6 as is, IPv4 as IPv4-mapped ::ffff:a.b.c.d. */
public final class Addresses {
    static final long V4_MAPPED = 0x0000_FFFF_0000_0000L;

    private Addresses() {
    }

    public static long v4Lo(int v4) {
        return V4_MAPPED | (v4 & 0xFFFF_FFFFL);
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED;
    }

    public static InetAddress toInetAddress(long hi, long lo) {
        byte[] b;
        if (isV4(hi, lo)) {
            b = new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
        } else {
            b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dotted quad or compressed IPv6 text. */
    public static String toString(long hi, long lo) {
        if (isV4(hi, lo)) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        String s = toInetAddress(hi, lo).getHostAddress();
        return compress(s);
    }

    /** Parses an address literal into {hi, lo}. */
    public static long[] parse(String text) {
        try {
            byte[] b = InetAddress.getByName(text).getAddress();
            if (b.length == 4) {
                int v = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                return new long[] {0, v4Lo(v)};
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xff);
                lo = (lo << 8) | (b[8 + i] & 0xff);
            }
            return new long[] {hi, lo};
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    /** RFC 5952 style: lower case, longest run of zero groups as "::". */
    static String compress(String full) {
        String[] g = full.split(":");
        if (g.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (Integer.parseInt(g[i], 16) == 0) {
                int j = i;
                while (j < 8 && Integer.parseInt(g[j], 16) == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(Integer.parseInt(g[i], 16)));
        }
        return sb.toString();
    }
}
