package io.gossippreflight.node.net;

import io.gossippreflight.wire.message.Verb;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages and their serialized bytes per verb and direction (the node's metrics). Bounded by the
 * verbs the wire knows; callable from any thread.
 */
public final class VerbTraffic {
    /** Counts of one verb: {@code messages} and {@code bytes}, each {@code [sent, received]}. */
    public record Counts(long sent, long sentBytes, long received, long receivedBytes) {
    }

    private final Map<Verb, LongAdder[]> counts = new EnumMap<>(Verb.class);

    VerbTraffic() {
        for (Verb v : Verb.values()) {
            counts.put(v, new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()});
        }
    }

    void sent(Verb v, int bytes) {
        LongAdder[] c = counts.get(v);
        c[0].increment();
        c[1].add(bytes);
    }

    void received(Verb v, int bytes) {
        LongAdder[] c = counts.get(v);
        c[2].increment();
        c[3].add(bytes);
    }

    /** Verbs seen at least once either way, with their counts. */
    public Map<Verb, Counts> snapshot() {
        Map<Verb, Counts> out = new EnumMap<>(Verb.class);
        counts.forEach((v, c) -> {
            Counts k = new Counts(c[0].sum(), c[1].sum(), c[2].sum(), c[3].sum());
            if (k.sent() + k.received() > 0) {
                out.put(v, k);
            }
        });
        return out;
    }
}
