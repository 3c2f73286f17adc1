package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.message.Message;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening port on a simulated host. Its SYN-ACKs advertise TCP_MAXSEG when set (else the
 * host's own MSS, capped by a path MTU it learned). What it does with a connection: answer the
 * internode handshake as {@code HandshakeAcceptor} does and hand messages to a handler, or — as
 * a port that is no internode port — keep silent, or speak TLS.
 */
final class SimListener implements Listener {
    /** What the application behind the port does with a new connection. */
    enum Behaviour {
        /** The internode protocol (4.0+ handshake, then messages). */
        INTERNODE,
        /** Accepts and never says a word. */
        SILENT,
        /** Expects TLS (server_encryption_options): answers a ClientHello, rejects anything else with an alert. */
        TLS
    }

    /** A TLS alert record (fatal, unexpected message): what a TLS server says to bytes that are no ClientHello. */
    static final byte[] TLS_ALERT = {21, 3, 3, 0, 2, 2, 10};
    /** The start of a TLS ServerHello record. */
    static final byte[] TLS_SERVER_HELLO = {22, 3, 3, 0, 74, 2};
    /** The start of a TLS ClientHello record. */
    static final byte[] TLS_CLIENT_HELLO = {22, 3, 1, 0, (byte) 200, 1};

    private final SimHost host;
    private final InetSocketAddress address;
    private final MessagingVersion min;
    private final MessagingVersion max;
    private final Scheduler app;
    private final Behaviour behaviour;
    private final Handler handler;
    private final List<Conn> accepted = new ArrayList<>();
    /** With the internode behaviour: the TLS the port speaks first (null: plain). */
    private SimTls.Seed tls;
    /** How late the process behind the port reads each connection (null: at once). */
    private ReadSkew skew;

    private SimListener(SimHost host, InetSocketAddress address, MessagingVersion min, MessagingVersion max,
            Scheduler app, Behaviour behaviour, Handler handler) {
        this.host = host;
        this.address = address;
        this.min = min;
        this.max = max;
        this.app = app;
        this.behaviour = behaviour;
        this.handler = handler;
    }

    /** Listens on {@code address} (port 0: a free one); null when the port is taken. */
    static SimListener open(SimHost host, InetSocketAddress address, int userMss, MessagingVersion min,
            MessagingVersion max, Scheduler app, Behaviour behaviour, Handler handler) {
        int port = address.getPort() == 0 ? host.ephemeralPort() : address.getPort();
        if (host.listening(port)) {
            return null;
        }
        SimListener l = new SimListener(host, new InetSocketAddress(host.address(), port), min, max, app, behaviour,
                handler);
        host.listen(port, new SimHost.Listening(SocketOptions.clampMaxSeg(userMss), app, l::accept));
        return l;
    }

    /** The process behind the port reads its connections late, as {@code skew} says. */
    SimListener readSkew(ReadSkew skew) {
        this.skew = skew;
        return this;
    }

    /** The port speaks TLS before the internode handshake, as {@code seed} says. */
    SimListener tls(SimTls.Seed seed) {
        this.tls = seed;
        return this;
    }

    private TcpSocket.Owner accept(TcpSocket s) {
        return new Conn(s);
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    @Override
    public void close() {
        host.unlisten(address.getPort());
        List.copyOf(accepted).forEach(c -> c.sock.close());
        accepted.clear();
    }

    /** One accepted connection. */
    private final class Conn implements Listener.Accepted, TcpSocket.Owner {
        private final TcpSocket sock;
        private Initiate initiate;
        private MessagingVersion version;
        /** A pre-4.0 preamble answered, its confirmation awaited. */
        private Initiate pre40;

        /** The socket's path MTU as the handshake completed: the route's then, as Linux sets it. */
        private int acceptPmtu;

        Conn(TcpSocket sock) {
            this.sock = sock;
        }

        @Override
        public int acceptPmtu() {
            return acceptPmtu;
        }

        @Override
        public void onEstablished(TcpSocket s) {
            acceptPmtu = s.pmtu();
            accepted.add(this);
        }

        /** Hands a message (or a frame's messages, which arrive together) to the handler, with the kernel's view now. */
        private void read(Object item) {
            if (item instanceof Message m) {
                handler.onMessage(this, m, app.clock().nanoTime(), sock.snapshot());
            } else if (item instanceof SimLink.Batch b) {
                for (Message m : b.messages()) {
                    handler.onMessage(this, m, app.clock().nanoTime(), sock.snapshot());
                }
            }
        }

        @Override
        public void onItem(Object item) {
            if (initiate != null) {
                if (skew != null && (item instanceof Message || item instanceof SimLink.Batch)) {
                    long now = app.clock().nanoTime();
                    app.schedule(Duration.ofNanos(skew.handOff(this, now) - now), () -> read(item));
                    return;
                }
                read(item);
                return;
            }
            switch (behaviour) {
                case SILENT -> {
                }
                case TLS -> {
                    byte[] answer = item instanceof byte[] ? TLS_SERVER_HELLO : TLS_ALERT;
                    sock.write(answer.length, answer);
                    if (answer == TLS_ALERT) {
                        sock.close();
                    }
                }
                case INTERNODE -> {
                    if (tls != null && item instanceof SimTls.Hello h) {
                        sock.write(h.resume() ? SimTls.RESUMED_ANSWER_BYTES : tls.fullAnswerBytes(),
                                new SimTls.ServerFlight(h.resume()));
                        return;
                    }
                    if (tls != null && item instanceof Initiate) {
                        sock.write(tls.ticketBytes(), new SimTls.Tickets()); // ahead of the Accept
                    }
                    handshake(item);
                }
            }
        }

        private void handshake(Object item) {
            if (pre40 != null) {
                // the pre-4.0 initiator's confirmation: its messages follow, at the version it asked for
                if (!(item instanceof ConfirmOutboundPre40)) {
                    sock.close();
                    return;
                }
                initiate = pre40;
                version = MessagingVersion.of(pre40.requestVersion());
                handler.onHandshake(this, sock.snapshot());
                return;
            }
            if (!(item instanceof Initiate i)) {
                sock.close(); // not the internode protocol
                return;
            }
            if (!i.isModern() || !max.isModern()) {
                // as wire's HandshakeAcceptor: a 3.x side answers its 4-byte version; 5.0 (min 12) closes on 3.x
                if (min.isModern()) {
                    sock.close();
                    return;
                }
                Accept a = Accept.legacy(max.id());
                sock.write(a.serializedSize(), a);
                if (i.isModern() || i.requestVersion() > max.id() || i.requestVersion() < min.id()) {
                    sock.close();
                    return;
                }
                pre40 = i;
                return;
            }
            int use = Math.max(min.id(), Math.min(max.id(), i.maxVersion()));
            Accept a = Accept.modern(max.id(), use);
            sock.write(a.serializedSize(), a);
            if (i.minVersion() > max.id() || i.maxVersion() < min.id()) {
                sock.close(); // answered, then closed, as the real acceptor does
                return;
            }
            initiate = i;
            version = MessagingVersion.of(use);
            handler.onHandshake(this, sock.snapshot());
        }

        @Override
        public void onClosed(boolean refused) {
            accepted.remove(this);
        }

        @Override
        public Initiate initiate() {
            return initiate;
        }

        @Override
        public MessagingVersion version() {
            return version;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return sock.remote();
        }

        @Override
        public TcpSnapshot tcp() {
            return sock.snapshot();
        }

        @Override
        public io.gossippreflight.probe.net.WireCost wireCost() {
            return version != null && !version.isModern() ? io.gossippreflight.probe.net.WireCost.pre40(
                    sock.remote().getAddress() instanceof java.net.Inet6Address
                            ? io.gossippreflight.wire.message.Pre40Messages.IPV6_EXTRA : 0)
                    : io.gossippreflight.probe.net.WireCost.CRC;
        }
    }
}
