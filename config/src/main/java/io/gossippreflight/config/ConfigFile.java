package io.gossippreflight.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A config file after {@link CassandraYamlReader} read the wire keys: the caller reads its own
 * keys from {@link #root}, then {@link #notices} says what nobody understood — each unknown key
 * once, with its line and a suggestion when it looks like a typo of a known key.
 */
public final class ConfigFile {
    private final YamlMap root;
    private final CassandraConfig cassandra;
    private final List<String> readerNotices;

    ConfigFile(YamlMap root, CassandraConfig cassandra, List<String> readerNotices) {
        this.root = root;
        this.cassandra = cassandra;
        this.readerNotices = List.copyOf(readerNotices);
    }

    public CassandraConfig cassandra() {
        return cassandra;
    }

    /** The top-level mapping, for the caller's own keys. */
    public YamlMap root() {
        return root;
    }

    /**
     * One line per key nobody read that Cassandra 5.0.9 does not know either (a typo, or a key of
     * another release), plus the reader's own remarks (settings that have no effect). Keys Cassandra
     * knows but that change nothing on the wire are not listed; {@link #otherCassandraKeys} has them.
     *
     * @param callerKeys keys the caller understands but may not have read (e.g. the node's own keys
     *                   when the probe reads a node.yaml)
     */
    public List<String> notices(Set<String> callerKeys) {
        List<String> out = new ArrayList<>(readerNotices);
        for (String k : root.unread()) {
            if (!KnownKeys.cassandra(k) && !callerKeys.contains(k)) {
                out.add(root.whereKey(k) + "unknown key " + k + KnownKeys.suggestion(k, callerKeys)
                        + "; neither gossip-preflight nor Cassandra 5.0 reads it, so it is ignored");
            }
        }
        return out;
    }

    /** Cassandra keys in the file that do not change what goes on the wire (not read). */
    public List<String> otherCassandraKeys() {
        return root.unread().stream().filter(KnownKeys::cassandra).toList();
    }
}
