package io.gossippreflight.node.store;

import io.gossippreflight.node.NodeEnvironmentException;
import io.gossippreflight.node.NodeInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What a node remembers across restarts, in its data directory (the part of Cassandra's
 * system.local / system.peers gossip needs): the last generation, the host ID, the tokens and
 * the peers it knew. Every file is small text, read with a size limit, written atomically.
 */
public final class NodeStore implements NodePersistence {
    /** No file here is legitimately larger; a bigger one is not ours. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** More peers than any cluster this node runs in; bounds the peers file. */
    public static final int MAX_PEERS = 10_000;
    /** Cassandra's num_tokens upper bound is far lower; this bounds the tokens file. */
    public static final int MAX_TOKENS = 16_384;

    private final Path dir;

    public NodeStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new NodeEnvironmentException("cannot create data directory " + dir + ": " + e.getMessage()
                    + " (choose a writable data_directory)", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The generation for this start: now in seconds, or one more than the last one if the clock
     * is behind it (Cassandra SystemKeyspace.incrementAndGetGeneration), persisted before use so
     * generations always increase across restarts.
     */
    @Override
    public int nextGeneration(long nowSeconds) {
        Optional<String> stored = read("generation");
        int previous = 0;
        if (stored.isPresent()) {
            previous = parseInt(stored.get().trim(), "generation");
        }
        long next = Math.max(nowSeconds, (long) previous + 1);
        if (next > Integer.MAX_VALUE) {
            throw new NodeInputException("generation would overflow (" + next + ") in " + file("generation")
                    + "; check the system clock, then delete the file");
        }
        write("generation", next + "\n");
        return (int) next;
    }

    /** The last persisted generation, if any. */
    public Optional<Integer> lastGeneration() {
        return read("generation").map(s -> parseInt(s.trim(), "generation"));
    }

    /** This node's host ID, created (randomly) on first start. */
    @Override
    public UUID hostId(Random random) {
        Optional<String> stored = read("host-id");
        if (stored.isPresent()) {
            try {
                return UUID.fromString(stored.get().trim());
            } catch (IllegalArgumentException e) {
                throw corrupt("host-id", "not a UUID");
            }
        }
        UUID id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & ~(3L << 62)) | (2L << 62));
        write("host-id", id + "\n");
        return id;
    }

    /**
     * This node's tokens, chosen on first start ({@code count} random Murmur3 values, as a
     * node with num_tokens and no allocation strategy does) and kept afterwards.
     */
    @Override
    public List<Long> tokens(int count, Random random) {
        if (count < 1 || count > MAX_TOKENS) {
            throw new NodeInputException("num_tokens must be in 1.." + MAX_TOKENS + ", got " + count);
        }
        Optional<String> stored = read("tokens");
        if (stored.isPresent()) {
            List<Long> tokens = new ArrayList<>();
            for (String line : stored.get().split("\n")) {
                if (!line.isBlank()) {
                    tokens.add(parseLong(line.trim(), "tokens"));
                }
            }
            if (tokens.isEmpty() || tokens.size() > MAX_TOKENS) {
                throw corrupt("tokens", tokens.size() + " tokens");
            }
            return List.copyOf(tokens);
        }
        TreeSet<Long> chosen = new TreeSet<>();
        while (chosen.size() < count) {
            long t = random.nextLong();
            if (t != Long.MIN_VALUE) { // Murmur3's minimum token is reserved
                chosen.add(t);
            }
        }
        StringBuilder sb = new StringBuilder();
        chosen.forEach(t -> sb.append(t).append('\n'));
        write("tokens", sb.toString());
        return List.copyOf(chosen);
    }

    @Override
    public boolean bootstrapped() {
        return read("bootstrapped").isPresent();
    }

    @Override
    public void markBootstrapped() {
        write("bootstrapped", "true\n");
    }

    @Override
    public boolean decommissioned() {
        return read("decommissioned").isPresent();
    }

    @Override
    public void markDecommissioned() {
        write("decommissioned", "true\n");
    }

    /** Peers known at the last save ({@code host:port} strings), for a restart to gossip with. */
    @Override
    public List<String> peers() {
        Optional<String> stored = read("peers");
        if (stored.isEmpty()) {
            return List.of();
        }
        List<String> peers = new ArrayList<>();
        for (String line : stored.get().split("\n")) {
            String p = line.trim();
            if (!p.isEmpty() && !p.startsWith("#")) {
                peers.add(p);
            }
        }
        if (peers.size() > MAX_PEERS) {
            throw corrupt("peers", peers.size() + " entries (limit " + MAX_PEERS + ")");
        }
        return List.copyOf(peers);
    }

    /** Replaces the saved peer list. */
    @Override
    public void savePeers(Collection<String> peers) {
        StringBuilder sb = new StringBuilder("# peers this node knew; seeds only bootstrap, these are remembered\n");
        new TreeSet<>(peers).forEach(p -> sb.append(p).append('\n'));
        write("peers", sb.toString());
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    private Optional<String> read(String name) {
        Path f = file(name);
        try {
            long size = Files.size(f);
            if (size > MAX_FILE_BYTES) {
                throw corrupt(name, size + " bytes (limit " + MAX_FILE_BYTES + ")");
            }
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new NodeEnvironmentException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private void write(String name, String content) {
        Path f = file(name);
        Path tmp = dir.resolve(name + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new NodeEnvironmentException("cannot write " + f + ": " + e.getMessage()
                    + " (check the data_directory permissions and free space)", e);
        }
    }

    private int parseInt(String s, String name) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw corrupt(name, "'" + abbreviate(s) + "' is not an integer");
        }
    }

    private long parseLong(String s, String name) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw corrupt(name, "'" + abbreviate(s) + "' is not an integer");
        }
    }

    private NodeInputException corrupt(String name, String what) {
        return new NodeInputException(file(name) + " is corrupt: " + what
                + "; restore it or delete it (the node then starts as new)");
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
