package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.WireFormatException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The TOKENS application state: Cassandra's TokenSerializer bytes ({int length, token bytes}*,
 * then int 0) held as an ISO-8859-1 string in the VersionedValue (Cassandra gms/TokenSerializer.java,
 * gms/VersionedValue.java tokens()). Each byte becomes one char; modified UTF-8 then spends two
 * bytes on 0x00 and 0x80-0xFF.
 */
public final class Tokens {
    private Tokens() {
    }

    public static String toValue(Collection<Token> tokens) {
        StringBuilder sb = new StringBuilder(tokens.size() * 12 + 4);
        for (Token t : tokens) {
            appendInt(sb, t.length());
            for (byte b : t.bytes()) {
                sb.append((char) (b & 0xFF));
            }
        }
        appendInt(sb, 0);
        return sb.toString();
    }

    /**
     * Reads the token list out of a TOKENS value, stopping at the first length below 1 as
     * Cassandra does. Malformed values (a char above 0xFF, a cut-off token) are a WireFormatException.
     */
    public static List<Token> fromValue(String value) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (true) {
            if (i + 4 > n) {
                throw new WireFormatException("TOKENS value ends inside a length", i);
            }
            int len = readInt(value, i);
            i += 4;
            if (len < 1) {
                return out;
            }
            if (len > n - i) {
                throw new WireFormatException("TOKENS value: token of " + len + " bytes but " + (n - i) + " left", i - 4);
            }
            byte[] b = new byte[len];
            for (int k = 0; k < len; k++) {
                b[k] = (byte) checkedByte(value, i + k);
            }
            i += len;
            out.add(Token.of(b));
        }
    }

    private static int readInt(String s, int i) {
        return checkedByte(s, i) << 24 | checkedByte(s, i + 1) << 16 | checkedByte(s, i + 2) << 8 | checkedByte(s, i + 3);
    }

    private static int checkedByte(String s, int i) {
        char c = s.charAt(i);
        if (c > 0xFF) {
            throw new WireFormatException("TOKENS value has a char above 0xFF", i);
        }
        return c;
    }

    private static void appendInt(StringBuilder sb, int v) {
        sb.append((char) ((v >>> 24) & 0xFF)).append((char) ((v >>> 16) & 0xFF))
                .append((char) ((v >>> 8) & 0xFF)).append((char) (v & 0xFF));
    }
}
