package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds repeated facts into one line with a count: the same evidence about each retransmitted
 * copy or each ICMP becomes "… (9 times, 13:33:51 .. 13:34:18)". Texts that differ only in
 * sizes fold too, their sizes merged into a range. Pure functions over the report's text, so
 * they keep working whatever wording the analysis uses.
 */
public final class Fold {
    private Fold() {
    }

    /**
     * A size-like number: not part of an address ("198.18.1.2", "[2001:db8::1]:7000"), a port,
     * a connection id ("#3") or a name ("if2"). Those stay part of what must be equal.
     */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.:#\\[])(\\d{1,3}(?:,\\d{3})+|\\d+)(?!\\d|[.:]\\d|,\\d{3})");

    /** The text with its size-like numbers blanked: texts with the same skeleton say the same thing. */
    public static String skeleton(String text) {
        return NUMBER.matcher(text).replaceAll("\u0000");
    }

    /** Texts of one skeleton as one: numbers that differ become "min-max". */
    public static String merge(List<String> texts) {
        String first = texts.get(0);
        if (texts.size() == 1) {
            return first;
        }
        List<long[]> ranges = new ArrayList<>();
        boolean[] commas = null;
        for (String t : texts) {
            Matcher m = NUMBER.matcher(t);
            int i = 0;
            List<Boolean> c = new ArrayList<>();
            while (m.find()) {
                long v = Long.parseLong(m.group(1).replace(",", ""));
                if (ranges.size() <= i) {
                    ranges.add(new long[] {v, v});
                } else {
                    ranges.get(i)[0] = Math.min(ranges.get(i)[0], v);
                    ranges.get(i)[1] = Math.max(ranges.get(i)[1], v);
                }
                c.add(m.group(1).indexOf(',') >= 0);
                i++;
            }
            if (commas == null) {
                commas = new boolean[c.size()];
            }
            for (int k = 0; k < Math.min(commas.length, c.size()); k++) {
                commas[k] |= c.get(k);
            }
        }
        Matcher m = NUMBER.matcher(first);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (m.find()) {
            long[] r = ranges.get(i);
            boolean comma = commas != null && i < commas.length && commas[i];
            String v = r[0] == r[1] ? num(r[0], comma) : num(r[0], comma) + "-" + num(r[1], comma);
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
            i++;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String num(long v, boolean comma) {
        return comma ? String.format(Locale.ROOT, "%,d", v) : Long.toString(v);
    }

    /**
     * Facts of one kind that say the same thing, folded.
     *
     * @param first, last the span of their times, or null when none had a time
     */
    public record Folded(Evidence.Kind kind, String text, int count, Long first, Long last, List<Evidence> members) {
    }

    /** Evidence folded by kind and skeleton, in the order each fact first appears. */
    public static List<Folded> evidence(List<Evidence> evidence) {
        Map<String, List<Evidence>> groups = new LinkedHashMap<>();
        Map<String, String> skeletons = new java.util.HashMap<>(); // each summary's skeleton, worked out once
        for (Evidence e : evidence) {
            String sk = skeletons.computeIfAbsent(e.summary(), Fold::skeleton);
            groups.computeIfAbsent(e.kind() + "\n" + sk, k -> new ArrayList<>()).add(e);
        }
        // a fact said with a clause less ("...; NEVER reached the sender" without where it was dropped
        // and what the sender did, when the capture ended first) is the same fact: it joins the fuller one
        joinShorter(groups);
        List<Folded> out = new ArrayList<>();
        for (List<Evidence> g : groups.values()) {
            Long first = null;
            Long last = null;
            List<String> texts = new ArrayList<>();
            for (Evidence e : g) {
                texts.add(e.summary());
                if (e.timeNanos() != null) {
                    first = first == null ? e.timeNanos() : Math.min(first, e.timeNanos());
                    last = last == null ? e.timeNanos() : Math.max(last, e.timeNanos());
                }
            }
            String full = texts.get(0); // the first of the longest skeletons
            for (String x : texts) {
                if (skeletons.get(x).length() > skeletons.get(full).length()) {
                    full = x;
                }
            }
            String fullSkeleton = skeletons.get(full);
            List<String> sameShape = new ArrayList<>();
            for (String x : texts) {
                if (skeletons.get(x).equals(fullSkeleton)) {
                    sameShape.add(x);
                }
            }
            out.add(new Folded(g.get(0).kind(), merge(sameShape), g.size(), first, last, List.copyOf(g)));
        }
        return out;
    }

    /**
     * Moves each group whose key is another's with a clause less — the longer goes on with "; ", " (" or,
     * inside parentheses, ": " — into that longer group.
     */
    static <T> void joinShorter(Map<String, List<T>> groups) {
        List<String> keys = new ArrayList<>(groups.keySet());
        for (String shorter : keys) {
            String open = shorter.endsWith(")") ? shorter.substring(0, shorter.length() - 1) : null;
            for (String longer : keys) {
                boolean fuller = longer.startsWith(shorter + "; ") || longer.startsWith(shorter + " (")
                        || open != null && longer.startsWith(open + ": ");
                if (!shorter.equals(longer) && fuller && groups.containsKey(longer) && groups.containsKey(shorter)) {
                    groups.get(longer).addAll(groups.remove(shorter));
                    break;
                }
            }
        }
    }

    /** "(9 times, 13:33:51.59 .. 13:34:18.39 (27 s))", "(at 13:33:51.59)", or "" for one fact without a time. */
    public static String countAndSpan(int count, Long first, Long last, TimeFormat times) {
        List<String> parts = new ArrayList<>();
        if (count > 1) {
            parts.add(count + " times");
        }
        if (first != null && times != null) {
            parts.add(count > 1 && last != null && last > first ? times.span(first, last) : "at " + times.at(first));
        }
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z0-9\\[(])");

    /** The sentences of a paragraph. */
    public static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.trim())) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /**
     * A paragraph that says each thing once and at most {@code max} things: a sentence repeated
     * (one per retried request) is kept once with its count; sentences past {@code max} are left
     * to the evidence, which holds them too.
     */
    public static String paragraph(String text, int max) {
        Map<String, List<String>> distinct = new LinkedHashMap<>();
        for (String s : sentences(text)) {
            distinct.computeIfAbsent(skeleton(s), k -> new ArrayList<>()).add(s);
        }
        List<String> out = new ArrayList<>();
        for (List<String> same : distinct.values()) {
            if (out.size() == max) {
                break;
            }
            String s = merge(same);
            if (same.size() > 1) {
                boolean stop = s.endsWith(".");
                s = (stop ? s.substring(0, s.length() - 1) : s) + " (" + same.size() + " times)" + (stop ? "." : "");
            }
            out.add(s);
        }
        return String.join(" ", out);
    }

    /** Connection ids as "#5", "#5, #7" or "#5-#12" for a run. */
    public static String ids(List<Integer> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        int start = ids.get(0);
        int prev = start;
        for (int k = 1; k <= ids.size(); k++) {
            int cur = k < ids.size() ? ids.get(k) : Integer.MIN_VALUE;
            if (cur == prev + 1) {
                prev = cur;
                continue;
            }
            parts.add(start == prev ? "#" + start : prev == start + 1 ? "#" + start + ", #" + prev : "#" + start + "-#" + prev);
            start = cur;
            prev = cur;
        }
        return String.join(", ", parts);
    }
}
