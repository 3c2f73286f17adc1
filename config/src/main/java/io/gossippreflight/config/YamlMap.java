package io.gossippreflight.config;

import io.gossippreflight.wire.codec.ModifiedUtf8;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a config file, with typed, bounded getters. Every error names the file,
 * the line and column of the offending value, the key, what is wrong and what to write; every
 * key read is remembered, so {@link #unread} lists the keys nobody understood. Not thread-safe.
 */
public final class YamlMap {
    /** Aliases, nesting and size are bounded before SnakeYAML builds anything (an alias bomb is a few lines). */
    private static final int MAX_ALIASES = 50;
    private static final int MAX_NESTING = 50;

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    private YamlMap(String file, String path, MappingNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigException(where(t.getKeyNode()) + "a key must be a plain name, not a list or a mapping");
            }
            if (entries.putIfAbsent(k.getValue(), t) != null) {
                throw new ConfigException(where(k) + prefix() + k.getValue() + " appears twice; keep one");
            }
        }
    }

    /** Parses a whole document, which must be a mapping. {@code file} names it in messages. */
    public static YamlMap parse(String text, String file) {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setNestingDepthLimit(MAX_NESTING);
        o.setCodePointLimit(Math.max(text.length() + 1, 1));
        o.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(o).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : "malformed";
            String context = e.getContext() != null ? " (" + oneLine(e.getContext()) + ")" : "";
            throw new ConfigException(file + (m != null ? ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) : "")
                    + ": not valid YAML: " + oneLine(problem) + context + "; check the indentation and quoting there", e);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + oneLine(String.valueOf(e.getMessage())), e);
        }
        if (root == null) {
            throw new ConfigException(file + ": is empty; it needs cassandra.yaml keys (cluster_name: ..., listen_address: ...)");
        }
        if (!(root instanceof MappingNode m)) {
            throw new ConfigException(file + ":" + (root.getStartMark().getLine() + 1) + ":1: must be a mapping of "
                    + "cassandra.yaml keys (cluster_name: ..., listen_address: ...), not a " + kind(root));
        }
        return new YamlMap(file, "", m);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    /** The file this mapping came from, as named in messages. */
    public String file() {
        return file;
    }

    public boolean has(String key) {
        Node v = raw(key);
        return v != null && !isNull(v);
    }

    /** Keys of this mapping not read by anyone, with their position: "LINE:COLUMN key". */
    public List<String> unread() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** "FILE:LINE:COLUMN: " of the key's value (or of the key when it has none). */
    public String where(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? file + ": " : where(t.getValueNode() != null ? t.getValueNode() : t.getKeyNode());
    }

    /** "FILE:LINE:COLUMN: " of a key of this mapping, pointing at the key itself. */
    public String whereKey(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? file + ": " : where(t.getKeyNode());
    }

    String where(Node n) {
        Mark m = n.getStartMark();
        return file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
    }

    private String prefix() {
        return path.isEmpty() ? "" : path + ".";
    }

    /** An error about {@code key}: {@code FILE:LINE:COL: path.key why}. */
    public ConfigException bad(String key, String why) {
        return new ConfigException(where(key) + prefix() + key + " " + why);
    }

    private Node raw(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    private static String kind(Node n) {
        return n instanceof MappingNode ? "mapping" : n instanceof SequenceNode ? "list" : "single value";
    }

    private String scalar(String key) {
        Node n = raw(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            throw bad(key, "must be a single value, not a " + kind(n));
        }
        return s.getValue().trim();
    }

    /** A string, or {@code dflt} when absent or empty. At most {@code maxChars} characters. */
    public String string(String key, String dflt, int maxChars) {
        String v = scalar(key);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        if (v.length() > maxChars) {
            throw bad(key, "is " + v.length() + " characters long; at most " + maxChars + " make sense here");
        }
        return v;
    }

    /**
     * A name that travels in gossip messages (cluster_name, partitioner, dc, rack): written as
     * modified UTF-8 with a 16-bit length, so at most 65,535 encoded bytes (Cassandra 5.0.9
     * {@code writeUTF}); anything longer cannot be sent.
     */
    public String wireName(String key, String dflt) {
        String v = scalar(key);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        checkWireName(key, v);
        return v;
    }

    void checkWireName(String key, String v) {
        int n = ModifiedUtf8.encodedLength(v);
        if (n > ModifiedUtf8.MAX_ENCODED) {
            throw bad(key, "is " + n + " bytes of (modified) UTF-8, over the " + ModifiedUtf8.MAX_ENCODED
                    + " bytes a gossip string can carry; use a shorter name");
        }
    }

    /** An integer in {@code min..max}, or {@code dflt} when absent. */
    public Long integer(String key, Long dflt, long min, long max, String unit) {
        String v = scalar(key);
        if (v == null) {
            return dflt;
        }
        long x;
        try {
            x = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(key, "must be a whole number" + unitText(unit) + ", got '" + v + "'");
        }
        if (x < min || x > max) {
            throw bad(key, "is " + x + unitText(unit) + "; it must be in " + min + ".." + max + unitText(unit));
        }
        return x;
    }

    private static String unitText(String unit) {
        return unit == null || unit.isEmpty() ? "" : " " + unit;
    }

    public int integer(String key, int dflt, int min, int max) {
        return integer(key, (long) dflt, min, max, null).intValue();
    }

    /** A number in {@code min..max} (inclusive). */
    public double number(String key, double dflt, double min, double max, String why) {
        String v = scalar(key);
        if (v == null) {
            return dflt;
        }
        double x;
        try {
            x = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number, got '" + v + "'");
        }
        if (!(x >= min && x <= max)) {
            throw bad(key, "is " + v + "; it must be between " + fmt(min) + " and " + fmt(max) + (why == null ? "" : " (" + why + ")"));
        }
        return x;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    public boolean bool(String key, boolean dflt) {
        Boolean b = optionalBool(key);
        return b == null ? dflt : b;
    }

    /** true/false (also yes/no, on/off as YAML 1.1 has them), or null when absent. */
    public Boolean optionalBool(String key) {
        String v = scalar(key);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(key, "must be true or false, got '" + v + "'");
        };
    }

    /** One of the enum's constants, matched without case; the message lists them. */
    public <E extends Enum<E>> E choice(String key, E dflt, Class<E> type) {
        String v = scalar(key);
        if (v == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw bad(key, "is '" + v + "'; use one of " + String.join(", ", names));
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|millis|milliseconds|seconds|minutes|hours|days)?",
            Pattern.CASE_INSENSITIVE);

    /**
     * A duration within {@code min..max}: a whole number in {@code bareUnit} (the unit in the key's
     * name, e.g. milliseconds for {@code ring_delay_ms}) or with a unit as Cassandra 4.1+ writes them
     * ({@code 30s}, {@code 10000ms}, {@code 5m}, {@code 3h}, {@code 2d}).
     */
    public Duration duration(String key, Duration dflt, Duration min, Duration max, String bareUnit, String why) {
        String v = scalar(key);
        if (v == null) {
            return dflt;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw bad(key, "must be a duration (a number of " + Units.unitName(bareUnit) + ", or e.g. 30s, 500ms, 5m), got '" + v + "'");
        }
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            String u = m.group(2) == null ? bareUnit : m.group(2).toLowerCase(Locale.ROOT);
            d = switch (u) {
                case "ms", "millis", "milliseconds" -> Duration.ofMillis(n);
                case "s", "seconds" -> Duration.ofSeconds(n);
                case "m", "minutes" -> Duration.ofMinutes(n);
                case "h", "hours" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            d = null;
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(key, "is " + v + (m.group(2) == null ? " " + Units.unitName(bareUnit) : "") + "; it must be between "
                    + Units.human(min) + " and " + Units.human(max) + (why == null ? "" : " (" + why + ")"));
        }
        return d;
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    /**
     * A size in bytes within {@code min..max}: a whole number of bytes, or with Cassandra 4.1+'s
     * units ({@code 4MiB}, {@code 512KiB}, {@code 1GiB}, {@code 100B}).
     */
    public long size(String key, long dflt, long min, long max, String why) {
        String v = scalar(key);
        if (v == null) {
            return dflt;
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw bad(key, "must be a size (bytes, or e.g. 4MiB, 512KiB), got '" + v + "'");
        }
        long bytes;
        try {
            long n = Long.parseLong(m.group(1));
            String u = m.group(2) == null ? "B" : m.group(2);
            bytes = switch (u) {
                case "KiB" -> Math.multiplyExact(n, 1L << 10);
                case "MiB" -> Math.multiplyExact(n, 1L << 20);
                case "GiB" -> Math.multiplyExact(n, 1L << 30);
                default -> n;
            };
        } catch (NumberFormatException | ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes < min || bytes > max) {
            throw bad(key, "is " + v + "; it must be between " + Units.bytes(min) + " and " + Units.bytes(max) + (why == null ? "" : " (" + why + ")"));
        }
        return bytes;
    }

    /**
     * A list of strings: a YAML list of single values, or one comma-separated string (as
     * cassandra.yaml writes seeds and cipher suites). Null when absent; at most {@code max} items.
     */
    public List<String> strings(String key, int max, int maxChars) {
        Node n = raw(key);
        if (n == null || isNull(n)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n instanceof ScalarNode s) {
            for (String part : s.getValue().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s)) {
                    throw new ConfigException(where(item) + prefix() + key + " must list single values, not a " + kind(item));
                }
                if (!s.getValue().isBlank()) {
                    out.add(s.getValue().trim());
                }
            }
        } else {
            throw bad(key, "must be a list or a comma-separated string, not a mapping");
        }
        if (out.size() > max) {
            throw bad(key, "lists " + out.size() + " entries; at most " + max + " are accepted");
        }
        for (String s : out) {
            if (s.length() > maxChars) {
                throw bad(key, "has an entry of " + s.length() + " characters; at most " + maxChars + " make sense here");
            }
        }
        return out;
    }

    /** A nested mapping, or null when absent. */
    public YamlMap map(String key) {
        Node n = raw(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (!(n instanceof MappingNode m)) {
            throw bad(key, "must be a mapping (key: value lines indented under it), not a " + kind(n));
        }
        return new YamlMap(file, prefix() + key, m);
    }

    /**
     * The first mapping of a list of mappings (cassandra.yaml's {@code seed_provider: - class_name: ...}
     * and {@code parameters: - seeds: ...}); a lone mapping is taken as is. Null when absent.
     */
    public YamlMap firstOfList(String key) {
        Node n = raw(key);
        if (n == null || isNull(n)) {
            return null;
        }
        Node first = n;
        if (n instanceof SequenceNode seq) {
            if (seq.getValue().isEmpty()) {
                return null;
            }
            first = seq.getValue().get(0);
        }
        if (!(first instanceof MappingNode m)) {
            throw new ConfigException(where(first) + prefix() + key + " must hold a mapping (- class_name: ...), not a "
                    + kind(first));
        }
        return new YamlMap(file, prefix() + key, m);
    }

    /** Where this mapping starts, for messages about it as a whole. */
    public String whereSelf() {
        return where(node);
    }

    /** This mapping's path in the file ("" for the top level, "server_encryption_options"...). */
    public String path() {
        return path;
    }
}
