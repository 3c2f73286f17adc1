package io.gossippreflight.node.gossip;

import io.gossippreflight.node.net.Transport;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import java.util.ArrayList;
import java.util.List;

/** A transport that only records what is sent, for protocol-level tests. */
final class RecordingTransport implements Transport {
    record Sent(InetAddressAndPort to, Message message) {
    }

    private final InetAddressAndPort address;
    final List<Sent> sent = new ArrayList<>();

    RecordingTransport(InetAddressAndPort address) {
        this.address = address;
    }

    @Override
    public InetAddressAndPort localAddress() {
        return address;
    }

    @Override
    public void start(Receiver receiver) {
    }

    @Override
    public void send(InetAddressAndPort to, Message message) {
        sent.add(new Sent(to, message));
    }

    @Override
    public void close() {
    }

    List<Sent> of(Verb verb) {
        return sent.stream().filter(s -> s.message().verb() == verb).toList();
    }

    Sent last(Verb verb) {
        List<Sent> l = of(verb);
        if (l.isEmpty()) {
            throw new AssertionError("no " + verb + " sent; sent: " + sent);
        }
        return l.get(l.size() - 1);
    }
}
