package io.gossippreflight.node.net;

import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A simulated network for many nodes in one JVM, driven by a {@link SimulatedTime}: random loss,
 * a delay range, partitions and one-way blocks, all deterministic from one seed. Delivery on a
 * link is FIFO (as on one TCP connection) and lands on the receiver's own event loop, so a
 * paused or killed node receives nothing until it resumes (or ever). It also counts messages
 * and their exact serialized bytes per sender.
 */
public final class InMemoryNetwork {
    /** Messages and bytes one node sent. */
    public static final class Counters {
        private long messages;
        private long bytes;

        public long messages() {
            return messages;
        }

        public long bytes() {
            return bytes;
        }
    }

    private final Random random;
    private final Map<InetAddressAndPort, Endpoint> endpoints = new HashMap<>();
    private final Map<InetAddressAndPort, Integer> partitionOf = new HashMap<>();
    private final Set<Link> blocked = new HashSet<>();
    private final Map<InetAddressAndPort, Counters> sent = new HashMap<>();
    private final MessagingVersion sizeVersion;
    private double loss;
    private long minDelayNanos;
    private long maxDelayNanos;
    private boolean countBytes = true;
    private long dropped;

    public InMemoryNetwork(long seed) {
        this(seed, MessagingVersion.V12);
    }

    /** @param sizeVersion the messaging version whose encoding the byte counters measure */
    public InMemoryNetwork(long seed, MessagingVersion sizeVersion) {
        this.random = new Random(seed);
        this.sizeVersion = sizeVersion;
    }

    /** Probability in [0, 1) that any one message is lost. */
    public InMemoryNetwork loss(double probability) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1), got " + probability);
        }
        this.loss = probability;
        return this;
    }

    /** Each message takes a uniformly random delay in [min, max]. */
    public InMemoryNetwork delay(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
        }
        this.minDelayNanos = min.toNanos();
        this.maxDelayNanos = max.toNanos();
        return this;
    }

    /** Skip computing serialized sizes (large simulations that do not report bytes). */
    public InMemoryNetwork countBytes(boolean on) {
        this.countBytes = on;
        return this;
    }

    /** A transport for a node at {@code address} whose loop is {@code loop}; replaces any previous one. */
    public Transport attach(InetAddressAndPort address, SimScheduler loop) {
        Endpoint e = new Endpoint(address, loop, sentBy(address));
        endpoints.put(address, e);
        return e;
    }

    /** Splits the network: nodes in different groups cannot reach each other; unlisted nodes form group 0. */
    @SafeVarargs
    public final void partition(Set<InetAddressAndPort>... groups) {
        partitionOf.clear();
        for (int g = 0; g < groups.length; g++) {
            for (InetAddressAndPort a : groups[g]) {
                partitionOf.put(a, g + 1);
            }
        }
    }

    /** Removes every partition and one-way block. */
    public void heal() {
        partitionOf.clear();
        blocked.clear();
    }

    /** Drops messages from {@code from} to {@code to} (one direction only). */
    public void block(InetAddressAndPort from, InetAddressAndPort to) {
        blocked.add(new Link(from, to));
    }

    /** What the node at {@code address} sent, over all its incarnations. */
    public Counters sentBy(InetAddressAndPort address) {
        return sent.computeIfAbsent(address, a -> new Counters());
    }

    public long totalMessages() {
        return sent.values().stream().mapToLong(Counters::messages).sum();
    }

    public long totalBytes() {
        return sent.values().stream().mapToLong(Counters::bytes).sum();
    }

    /** Messages lost to loss, partitions, blocks or absent receivers. */
    public long dropped() {
        return dropped;
    }

    private boolean reachable(InetAddressAndPort from, InetAddressAndPort to) {
        int gf = partitionOf.getOrDefault(from, 0);
        int gt = partitionOf.getOrDefault(to, 0);
        return gf == gt && !blocked.contains(new Link(from, to));
    }

    private void send(Endpoint from, InetAddressAndPort to, Message message) {
        Counters c = from.counters;
        c.messages++;
        if (countBytes) {
            c.bytes += message.serializedSize(sizeVersion);
        }
        Endpoint target = endpoints.get(to);
        if (target == null || target.closed || !reachable(from.address, to)
                || (loss > 0 && random.nextDouble() < loss)) {
            dropped++;
            return;
        }
        long delay = minDelayNanos == maxDelayNanos ? minDelayNanos
                : minDelayNanos + (long) (random.nextDouble() * (maxDelayNanos - minDelayNanos));
        long now = target.loop.clock().nanoTime();
        long at = Math.max(now + delay, from.lastDelivery.getOrDefault(to, Long.MIN_VALUE));
        from.lastDelivery.put(to, at);
        InetAddressAndPort sender = from.address;
        target.loop.schedule(Duration.ofNanos(at - now), () -> {
            if (!target.closed && target.receiver != null && endpoints.get(to) == target) {
                target.receiver.receive(sender, message);
            } else {
                dropped++;
            }
        });
    }

    private record Link(InetAddressAndPort from, InetAddressAndPort to) {
    }

    private final class Endpoint implements Transport {
        private final InetAddressAndPort address;
        private final SimScheduler loop;
        /** Per destination, when the last message on that link lands (keeps links FIFO). */
        private final Map<InetAddressAndPort, Long> lastDelivery = new HashMap<>();
        private final Counters counters;
        private Receiver receiver;
        private boolean closed;

        Endpoint(InetAddressAndPort address, SimScheduler loop, Counters counters) {
            this.address = address;
            this.loop = loop;
            this.counters = counters;
        }

        @Override
        public InetAddressAndPort localAddress() {
            return address;
        }

        @Override
        public void start(Receiver r) {
            this.receiver = r;
        }

        @Override
        public void send(InetAddressAndPort to, Message message) {
            if (!closed) {
                InMemoryNetwork.this.send(this, to, message);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
