package io.gossippreflight.analyzer.report;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code String.format("%,d", v)}, remembered: a report writes the same sizes thousands of
 * times (every lost copy of a 1,448-byte segment), and in most locales each such format builds a
 * number format afresh. The text is the format's own, for the default locale of the moment.
 */
public final class GroupedNumbers {
    /** Values remembered per locale; past this the memory starts over (a report repeats few sizes). */
    static final int MAX = 4096;
    private static volatile Memo memo = new Memo(Locale.getDefault(Locale.Category.FORMAT));

    private record Memo(Locale locale, ConcurrentHashMap<Long, String> texts) {
        Memo(Locale locale) {
            this(locale, new ConcurrentHashMap<>());
        }
    }

    private GroupedNumbers() {
    }

    /** What {@code String.format("%,d", v)} gives now. */
    public static String of(long v) {
        Locale now = Locale.getDefault(Locale.Category.FORMAT);
        Memo m = memo;
        if (!m.locale().equals(now) || m.texts().size() >= MAX) {
            m = new Memo(now);
            memo = m;
        }
        String s = m.texts().get(v);
        if (s == null) {
            s = String.format(now, "%,d", v);
            m.texts().put(v, s);
        }
        return s;
    }
}
