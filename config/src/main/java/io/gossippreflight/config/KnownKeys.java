package io.gossippreflight.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** The keys Cassandra 5.0.9 accepts (resource cassandra-5.0.9-keys.txt, with its provenance), and typo suggestions. */
final class KnownKeys {
    private static final Set<String> CASSANDRA = load();

    private KnownKeys() {
    }

    static boolean cassandra(String key) {
        return CASSANDRA.contains(key);
    }

    private static Set<String> load() {
        Set<String> keys = new HashSet<>();
        try (InputStream in = KnownKeys.class.getResourceAsStream("cassandra-5.0.9-keys.txt")) {
            if (in == null) {
                throw new IllegalStateException("cassandra-5.0.9-keys.txt missing from the config jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    keys.add(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(keys);
    }

    /** " (did you mean X?)" for the closest known key within two edits, else "". */
    static String suggestion(String key, Set<String> extra) {
        String best = null;
        int bestDistance = 3;
        for (Set<String> set : java.util.List.of(CASSANDRA, extra)) {
            for (String k : set) {
                if (Math.abs(k.length() - key.length()) >= bestDistance) {
                    continue;
                }
                int d = distance(key, k, bestDistance);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once it cannot be below it. */
    static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], limit);
    }
}
