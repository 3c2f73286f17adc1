package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.LinkFailure;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.netty.HandshakeVersionException;
import io.gossippreflight.probe.net.Pre40Encoder;
import io.gossippreflight.wire.message.Message;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An outbound internode connection over a simulated TCP socket, as {@code OutboundLink} opens one:
 * TCP connect (TCP_MAXSEG clamped as Linux accepts it), our Initiate, the peer's Accept, then
 * messages, each taking its CRC-framed size on the wire. Fails the way the real one does: refused,
 * no SYN-ACK within the timeout, closed or answered with something else during the handshake, or
 * no Accept in time. Used by our host (on the check's loop) and by the target's application.
 */
final class SimLink implements Link, TcpSocket.Owner {
    private final Link.Spec spec;
    private final Scheduler app;
    private final CompletableFuture<Link> ready = new CompletableFuture<>();
    private TcpSocket socket;
    private MessagingVersion version;
    private boolean connected;
    /** TLS before the internode handshake (null: plain), and whether its answer came. */
    private final Tls tls;
    private boolean tlsDone;

    /**
     * How a link speaks TLS to a {@link SimTls.Seed}: {@code resume}, with a session an earlier
     * connection left; {@code blind}, ready once its Initiate is written (as {@code OutboundLink}'s
     * blind links: offers one version, waits for no Accept).
     */
    record Tls(boolean resume, boolean blind) {
        static final Tls FULL = new Tls(false, false);
    }

    private SimLink(Link.Spec spec, Scheduler app, Tls tls) {
        this.spec = spec;
        this.app = app;
        this.tls = tls;
    }

    static CompletableFuture<Link> open(SimHost host, Link.Spec spec, Scheduler app) {
        return open(host, spec, app, null);
    }

    static CompletableFuture<Link> open(SimHost host, Link.Spec spec, Scheduler app, Tls tls) {
        SimLink l = new SimLink(spec, app, tls);
        InetSocketAddress local = new InetSocketAddress(spec.bind() != null ? spec.bind() : host.address(),
                host.ephemeralPort());
        l.socket = TcpSocket.connect(host, local, spec.target(), SocketOptions.clampMaxSeg(spec.maxSeg()), app, l);
        app.schedule(spec.timeout(), l::timedOut);
        return l.ready;
    }

    private void timedOut() {
        if (ready.isDone()) {
            return;
        }
        if (connected && tls != null) {
            // as OutboundLink: no complete TLS answer (it may be lost on the way), or TLS done and no Accept
            fail(tlsDone ? LinkFailure.Kind.TLS_UNANSWERED : LinkFailure.Kind.TLS_STALLED, spec.target()
                    + " accepted the TCP connection but " + (tlsDone ? "did not answer the internode handshake over TLS "
                    + "(our side of TLS completed)" : "did not complete the TLS handshake") + " within "
                    + spec.timeout().toMillis() + " ms", null);
            socket.close();
            return;
        }
        fail(connected ? LinkFailure.Kind.HANDSHAKE_TIMEOUT : LinkFailure.Kind.UNREACHABLE, connected
                ? spec.target() + " accepted the TCP connection but did not answer the internode handshake within "
                        + spec.timeout().toMillis() + " ms"
                : spec.target() + " did not answer our TCP SYN within " + spec.timeout().toMillis() + " ms", null);
        socket.close();
    }

    private void fail(LinkFailure.Kind kind, String why, byte[] firstBytes) {
        ready.completeExceptionally(new LinkFailure(kind, why, firstBytes, null));
    }

    /** Whether this link speaks the pre-4.0 protocol (asked for with a 3.x version range). */
    private boolean pre40() {
        return !spec.max().isModern();
    }

    @Override
    public void onEstablished(TcpSocket s) {
        connected = true;
        if (tls != null) {
            s.write(tls.resume() ? SimTls.RESUMING_HELLO_BYTES : SimTls.HELLO_BYTES, new SimTls.Hello(tls.resume()));
            return;
        }
        initiate(s);
    }

    private void initiate(TcpSocket s) {
        Initiate i = pre40() ? Initiate.legacy(spec.max(), false, false)
                : Initiate.modern(spec.min(), spec.max(), spec.type(), Framing.CRC, spec.advertise());
        s.write(i.serializedSize(), i);
    }

    @Override
    public void onItem(Object item) {
        if (ready.isDone()) {
            return; // a one-way connection: nothing is read after the handshake
        }
        if (tls != null && item instanceof SimTls.ServerFlight) {
            tlsDone = true;
            initiate(socket);
            if (tls.blind()) {
                version = spec.max();
                ready.complete(this);
            }
            return;
        }
        if (tls != null && item instanceof SimTls.Tickets) {
            return;
        }
        if (pre40() && item instanceof Accept a && a.legacy() && a.maxVersion() >= spec.max().id()) {
            // the acceptor's version; our confirmation goes, then messages (3.11.19 OutboundTcpConnection)
            ConfirmOutboundPre40 c = new ConfirmOutboundPre40(spec.max().id(), spec.advertise());
            socket.write(c.serializedSize(), c);
            version = spec.max();
            ready.complete(this);
            return;
        }
        if (!pre40() && item instanceof Accept a && a.legacy()) {
            // a 3.x node answers our 4.0+ Initiate with its version and closes: retry with the pre-4.0 handshake
            ready.completeExceptionally(new LinkFailure(LinkFailure.Kind.HANDSHAKE_REJECTED, spec.target()
                    + " answered our internode handshake as a 3.x node (version " + a.maxVersion() + ")", new byte[0],
                    new HandshakeVersionException("peer answered with the pre-4.0 handshake (version " + a.maxVersion()
                            + ")", a.maxVersion(), 0)));
            socket.close();
            return;
        }
        if (item instanceof Accept a && MessagingVersion.orNull(a.useVersion()) != null
                && a.useVersion() >= spec.min().id() && a.useVersion() <= spec.max().id()) {
            version = MessagingVersion.of(a.useVersion());
            ready.complete(this);
            return;
        }
        byte[] first = item instanceof byte[] b ? b : new byte[0];
        String why = item instanceof Accept a ? "peer chose messaging version " + a.useVersion() + " (max "
                + a.maxVersion() + "), outside the offered " + spec.min().id() + ".." + spec.max().id()
                : "not an internode Accept";
        fail(LinkFailure.Kind.HANDSHAKE_REJECTED, spec.target() + " answered our internode handshake with something "
                + "else: " + why, first);
        socket.close();
    }

    @Override
    public void onClosed(boolean refused) {
        if (ready.isDone()) {
            return;
        }
        if (refused) {
            fail(LinkFailure.Kind.REFUSED, spec.target() + " refused the connection: nothing listens on port "
                    + spec.target().getPort(), null);
        } else {
            fail(LinkFailure.Kind.CLOSED_IN_HANDSHAKE, spec.target() + " closed the connection during the internode "
                    + "handshake without a word", null);
        }
    }

    @Override
    public MessagingVersion version() {
        return version;
    }

    @Override
    public io.gossippreflight.probe.net.WireCost wireCost() {
        return pre40() ? io.gossippreflight.probe.net.WireCost.pre40(Pre40Encoder.extraFor(spec.advertise()))
                : io.gossippreflight.probe.net.WireCost.CRC;
    }

    @Override
    public InetSocketAddress localAddress() {
        return socket.local();
    }

    @Override
    public CompletableFuture<Long> send(Message m) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (!socket.isOpen()) {
            f.completeExceptionally(new IllegalStateException("connection to " + spec.target() + " is closed"));
            return f;
        }
        if (pre40()) {
            Message sent = Pre40Encoder.withReplyPort(m, spec.advertise());
            socket.write((int) wireCost().wireBytes(m.serializedSize(version)), sent);
        } else {
            socket.write((int) SizeLadder.framedBytes(m.serializedSize(version), CrcFrameFormat.INSTANCE.overhead()), m);
        }
        // the write future completes once the send buffer took every byte, as Netty's does
        socket.buffered().whenComplete((v, e) -> app.execute(() -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(app.clock().nanoTime());
            }
        }));
        return f;
    }

    /** Messages framed together: a receiver decodes them once the whole frame has arrived. */
    record Batch(List<Message> messages) {
    }

    /**
     * Messages that were waiting together go out in one frame, as a Cassandra node's outbound
     * connection flushes what it has queued: one write, whose segments carry all of them.
     */
    void sendFrame(List<Message> messages) {
        if (messages.size() == 1 || pre40()) { // pre-4.0 messages are unframed: each is read as it arrives
            messages.forEach(this::send);
            return;
        }
        if (!socket.isOpen()) {
            return;
        }
        int bytes = 0;
        for (Message m : messages) {
            bytes += m.serializedSize(version);
        }
        long framed = SizeLadder.framedBytes(bytes, CrcFrameFormat.INSTANCE.overhead());
        socket.write((int) framed, new Batch(List.copyOf(messages)));
    }

    @Override
    public TcpSnapshot tcp() {
        return socket.snapshot();
    }

    @Override
    public boolean isOpen() {
        return socket != null && socket.isOpen();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
