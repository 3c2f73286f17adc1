package io.gossippreflight.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GroupedNumbersTest {
    @Test
    void writesWhatTheFormatWritesInEveryLocaleOfTheMoment() {
        Locale before = Locale.getDefault(Locale.Category.FORMAT);
        SplittableRandom r = new SplittableRandom(1);
        long[] values = new long[200];
        for (int i = 0; i < values.length; i++) { // repeated values come from the memory
            values[i] = i < 20 ? new long[] {0, 1, 999, 1000, 1448, -1, -1448, 1_000_000, Long.MAX_VALUE, Long.MIN_VALUE,
                12_345_678_901L, 65535, 100, 10_000, 99_999, 123_456, 7, 42, -999, -1000}[i] : r.nextLong(1L << (1 + r.nextInt(50)));
        }
        try {
            // grouping by 3 with ',' / '.' / a narrow space / none, by 2 after the first 3, Arabic-Indic digits
            for (String tag : new String[] {"en", "en-US", "de-DE", "fr-FR", "hi-IN", "ar-EG", "th-TH-u-nu-thai", "ja-JP"}) {
                Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag(tag));
                for (int pass = 0; pass < 2; pass++) {
                    for (long v : values) {
                        assertEquals(String.format("%,d", v), GroupedNumbers.of(v), tag + " " + v);
                    }
                }
            }
            Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
            for (long v = 0; v < 3 * GroupedNumbers.MAX; v += 1) { // past the memory's size
                assertEquals(String.format("%,d", v), GroupedNumbers.of(v));
            }
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, before);
        }
    }
}
