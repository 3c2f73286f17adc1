package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Heartbeat plus application states of one endpoint. States are kept as (ordinal, value) in wire
 * order, so decoding then encoding gives the same bytes even for ordinals the naming table does
 * not know. Names come from the {@link ApplicationStateTable} the state was decoded or built with.
 * Wire form (Cassandra gms/EndpointState.java): HeartBeatState, int count, count x {int ordinal, VersionedValue}.
 */
public final class EndpointState {
    /** Smallest state entry on the wire: ordinal + empty string + version. */
    private static final int MIN_ENTRY_SIZE = 4 + 2 + 4;

    public static final WireSerializer<EndpointState> SERIALIZER = new Serializer();

    /** One application state as carried on the wire. */
    public record Entry(int ordinal, VersionedValue value) {
        public Entry {
            Objects.requireNonNull(value, "value");
        }
    }

    private final HeartBeatState heartBeat;
    private final List<Entry> entries;
    private final ApplicationStateTable table;

    public EndpointState(HeartBeatState heartBeat, List<Entry> entries, ApplicationStateTable table) {
        this.heartBeat = Objects.requireNonNull(heartBeat, "heartBeat");
        this.entries = List.copyOf(entries);
        this.table = Objects.requireNonNull(table, "table");
    }

    public static Builder builder(ApplicationStateTable table) {
        return new Builder(table);
    }

    public HeartBeatState heartBeat() {
        return heartBeat;
    }

    /** States in wire order. */
    public List<Entry> entries() {
        return entries;
    }

    public ApplicationStateTable table() {
        return table;
    }

    /** The value of a state, or null when absent (or not defined by this table). */
    public VersionedValue get(ApplicationState state) {
        int ordinal = table.ordinal(state);
        for (Entry e : entries) {
            if (e.ordinal == ordinal) {
                return e.value;
            }
        }
        return null;
    }

    /** Named states in wire order; ordinals the table does not define are left out. */
    public Map<ApplicationState, VersionedValue> states() {
        Map<ApplicationState, VersionedValue> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            ApplicationState s = table.state(e.ordinal);
            if (s != null) {
                m.putIfAbsent(s, e.value);
            }
        }
        return m;
    }

    /** Highest of the heartbeat version and every state version (what a digest advertises). */
    public int maxVersion() {
        int max = heartBeat.version();
        for (Entry e : entries) {
            max = Math.max(max, e.value.version());
        }
        return max;
    }

    public EndpointState withHeartBeat(HeartBeatState hb) {
        return new EndpointState(hb, entries, table);
    }

    /** A copy with the state set (replacing any value), entries kept in ordinal order. */
    public EndpointState with(ApplicationState state, VersionedValue value) {
        return toBuilder().put(state, value).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(table).heartBeat(heartBeat);
        for (Entry e : entries) {
            b.putOrdinal(e.ordinal, e.value);
        }
        return b;
    }

    public int serializedSize(MessagingVersion version) {
        int size = HeartBeatState.SERIALIZED_SIZE + 4;
        for (Entry e : entries) {
            size += 4 + VersionedValue.SERIALIZER.serializedSize(e.value, version);
        }
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointState other && heartBeat.equals(other.heartBeat) && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return 31 * heartBeat.hashCode() + entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EndpointState{gen=").append(heartBeat.generation())
                .append(", hb=").append(heartBeat.version());
        for (Entry e : entries) {
            ApplicationState s = table.state(e.ordinal);
            sb.append(", ").append(s == null ? "#" + e.ordinal : s.name()).append('=');
            sb.append(s == ApplicationState.TOKENS ? "<" + e.value.value().length() + " chars>@" + e.value.version()
                    : e.value.toString());
        }
        return sb.append('}').toString();
    }

    /** Builds states the way Cassandra holds them: one value per state, serialized in ordinal order. */
    public static final class Builder {
        private final ApplicationStateTable table;
        private HeartBeatState heartBeat = new HeartBeatState(0, 0);
        private final Map<Integer, VersionedValue> byOrdinal = new LinkedHashMap<>();

        private Builder(ApplicationStateTable table) {
            this.table = Objects.requireNonNull(table, "table");
        }

        public Builder heartBeat(HeartBeatState hb) {
            this.heartBeat = Objects.requireNonNull(hb, "heartBeat");
            return this;
        }

        public Builder heartBeat(int generation, int version) {
            return heartBeat(new HeartBeatState(generation, version));
        }

        public Builder put(ApplicationState state, VersionedValue value) {
            int ordinal = table.ordinal(state);
            if (ordinal < 0) {
                throw new IllegalArgumentException(state + " is not defined in " + table);
            }
            return putOrdinal(ordinal, value);
        }

        public Builder put(ApplicationState state, String value, int version) {
            return put(state, new VersionedValue(value, version));
        }

        public Builder putOrdinal(int ordinal, VersionedValue value) {
            byOrdinal.put(ordinal, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder remove(ApplicationState state) {
            byOrdinal.remove(table.ordinal(state));
            return this;
        }

        public EndpointState build() {
            List<Entry> list = new ArrayList<>();
            byOrdinal.forEach((o, v) -> list.add(new Entry(o, v)));
            list.sort(Comparator.comparingInt(Entry::ordinal));
            return new EndpointState(heartBeat, list, table);
        }
    }

    private static final class Serializer implements WireSerializer<EndpointState> {
        @Override
        public void serialize(EndpointState v, ByteBuf out, MessagingVersion version) {
            HeartBeatState.SERIALIZER.serialize(v.heartBeat, out, version);
            out.writeInt(v.entries.size());
            for (Entry e : v.entries) {
                out.writeInt(e.ordinal);
                VersionedValue.SERIALIZER.serialize(e.value, out, version);
            }
        }

        @Override
        public EndpointState deserialize(WireInput in, MessagingVersion version) {
            HeartBeatState hb = HeartBeatState.SERIALIZER.deserialize(in, version);
            int n = in.readCount(MIN_ENTRY_SIZE, "application states");
            List<Entry> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long at = in.offset();
                int ordinal = in.readInt("application state ordinal");
                if (ordinal < 0) {
                    throw new io.gossippreflight.wire.WireFormatException("negative application state ordinal " + ordinal, at);
                }
                list.add(new Entry(ordinal, VersionedValue.SERIALIZER.deserialize(in, version)));
            }
            return new EndpointState(hb, list, in.stateTable());
        }

        @Override
        public int serializedSize(EndpointState v, MessagingVersion version) {
            return v.serializedSize(version);
        }
    }
}
