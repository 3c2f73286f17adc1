package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.time.Cancellable;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.time.SimScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Function;

/**
 * One end of a simulated TCP connection in a host's kernel: the three-way handshake with MSS
 * options (timestamps always on), the sending and receiving halves, ICMP "too big", closing, and
 * TCP_INFO as {@link TcpSnapshot}. The kernel side runs on the wire's scheduler, which never
 * pauses; what the application sees (established, items, closed) is handed to its own scheduler,
 * so a paused process reads nothing while its kernel goes on acknowledging and buffering.
 */
final class TcpSocket {
    /** The application on this socket; called on its scheduler. */
    interface Owner {
        void onEstablished(TcpSocket s);

        void onItem(Object item);

        /** The connection ended: the peer closed or reset it, or (refused) nothing listened. */
        void onClosed(boolean refused);
    }

    private enum State { SYN_SENT, SYN_RCVD, ESTABLISHED, CLOSED }

    private static final int SYN_RETRIES = 6;
    private static final int SYNACK_RETRIES = 5;
    private static final long SYN_RTO = Duration.ofSeconds(1).toNanos();
    /** MSS, SACK-permitted, timestamps, window scale (with padding). */
    private static final int SYN_OPTIONS = 20;
    private static final int TIMESTAMPS = 12;
    /** The window a SYN can carry (unscaled). */
    private static final int SYN_WINDOW = 65_535;

    private final SimHost host;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Scheduler app;
    private final PacketOverhead overhead;
    private final int userMss;
    private final int advOption;
    private final TcpSender snd = new TcpSender(this);
    private final TcpReceiver rcv = new TcpReceiver();
    private Owner owner;
    private Function<TcpSocket, Owner> acceptor;
    private State state;
    private int peerOption;
    private int pmtu;
    private int synTries;
    private Cancellable synTimer;
    private boolean appClosed;
    private boolean readScheduled;
    private long lastWindow = TcpReceiver.BUFFER;

    private TcpSocket(SimHost host, InetSocketAddress local, InetSocketAddress remote, int userMss, Scheduler app) {
        this.host = host;
        this.local = local;
        this.remote = remote;
        this.app = app;
        this.userMss = userMss;
        this.overhead = PacketOverhead.of(remote.getAddress() instanceof java.net.Inet6Address);
        this.advOption = host.advertisedMss(remote.getAddress(), userMss);
        this.pmtu = host.pmtu(remote.getAddress());
    }

    /** Opens a connection: sends the SYN now, resends it after 1 s, 2 s, 4 s... */
    static TcpSocket connect(SimHost host, InetSocketAddress local, InetSocketAddress remote, int userMss, Scheduler app,
            Owner owner) {
        TcpSocket s = new TcpSocket(host, local, remote, userMss, app);
        s.owner = owner;
        s.state = State.SYN_SENT;
        host.register(s);
        s.sendSyn(false);
        return s;
    }

    /** A listener's side of a connection whose SYN just arrived; {@code acceptor} takes it once established. */
    static TcpSocket passive(SimHost host, Packet.Segment syn, int userMss, Scheduler app,
            Function<TcpSocket, Owner> acceptor) {
        TcpSocket s = new TcpSocket(host, syn.dst(), syn.src(), userMss, app);
        s.acceptor = acceptor;
        s.state = State.SYN_RCVD;
        s.peerOption = syn.mss();
        s.rcv.tsRecent = syn.tsVal();
        host.register(s);
        s.sendSyn(true);
        return s;
    }

    InetSocketAddress local() {
        return local;
    }

    InetSocketAddress remote() {
        return remote;
    }

    SimScheduler wire() {
        return host.wire();
    }

    /** Payload of a full segment now: the peer's MSS option, our path MTU and TCP_MAXSEG, options off, half the window. */
    int sndMss() {
        pmtu = host.pmtu(remote.getAddress()); // Linux picks up a changed route MTU when it next sends
        return mssFor(pmtu);
    }

    private int mssFor(int mtu) {
        int m = Math.min(overhead.mssForIpSize(mtu), peerOption);
        if (userMss > 0) {
            m = Math.min(m, userMss);
        }
        return Math.min(m - TIMESTAMPS, TcpSender.HALF_WINDOW);
    }

    void write(int bytes, Object item) {
        if (state != State.CLOSED && !appClosed) {
            snd.write(bytes, item);
        }
    }

    /** Completes once everything written so far is in the send buffer (see {@link TcpSender#whenBuffered}). */
    java.util.concurrent.CompletableFuture<Void> buffered() {
        if (state == State.CLOSED || appClosed) {
            return java.util.concurrent.CompletableFuture.failedFuture(new java.io.IOException("closed"));
        }
        return snd.whenBuffered();
    }

    /** TCP_INFO, or null when closed (as a closed channel has none). */
    /** The path MTU the socket uses now (TCP_INFO pmtu). */
    int pmtu() {
        return pmtu;
    }

    TcpSnapshot snapshot() {
        if (appClosed || state != State.ESTABLISHED) {
            return null;
        }
        return new TcpSnapshot(1, snd.srttNanos() / 1_000, snd.mdevNanos() / 1_000, snd.rto() / 1_000, pmtu,
                mssFor(pmtu), rcv.rcvMss, advOption - TIMESTAMPS, snd.unacked(), snd.retransmits, snd.totalRetrans,
                snd.lost(), true, snd.probes, snd.bytesAcked, rcv.bytesReceived, snd.dsackDups, rcv.rcvOooPack);
    }

    boolean isOpen() {
        return !appClosed && state != State.CLOSED;
    }

    /** The application closes: what it wrote still goes (until the user timeout), then a FIN. */
    void close() {
        if (appClosed) {
            return;
        }
        appClosed = true;
        if (state != State.ESTABLISHED) {
            end();
            return;
        }
        snd.whenDrained(() -> {
            send(Packet.Segment.FIN | Packet.Segment.ACK, snd.written(), 0, null, false);
            end();
        });
    }

    /** Ends the connection with a reset (the user timeout, or data for a closed socket). */
    void abort() {
        if (state == State.CLOSED) {
            return;
        }
        send(Packet.Segment.RST, snd.sndNxt(), 0, null, false);
        end();
        notifyClosed(false);
    }

    private void end() {
        state = State.CLOSED;
        snd.stop();
        if (synTimer != null) {
            synTimer.cancel();
        }
        host.unregister(this);
    }

    private void notifyClosed(boolean refused) {
        if (owner != null && !appClosed) {
            Owner o = owner;
            app.execute(() -> {
                if (!appClosed) {
                    appClosed = true;
                    o.onClosed(refused);
                }
            });
        }
    }

    /** ICMP "too big" for a segment of ours. */
    void onIcmpTooBig() {
        int learned = host.pmtu(remote.getAddress());
        if (state == State.ESTABLISHED && learned < pmtu) {
            pmtu = learned;
            snd.onPathMtuReduced();
        }
    }

    void onSegment(Packet.Segment s) {
        if (s.has(Packet.Segment.RST)) {
            boolean refused = state == State.SYN_SENT;
            end();
            notifyClosed(refused);
            return;
        }
        if (s.has(Packet.Segment.SYN)) {
            onSyn(s);
            return;
        }
        if (state == State.SYN_RCVD) {
            established(s.tsEcr() > 0 ? now() - s.tsEcr() : 0, s.window());
            Owner o = acceptor.apply(this);
            owner = o;
            app.execute(() -> o.onEstablished(this));
        }
        if (state != State.ESTABLISHED) {
            return;
        }
        snd.onAck(s.ack(), s.window(), s.sacks(), s.dsack(), s.tsEcr());
        if (s.len() > 0) {
            TcpReceiver.Arrival a = rcv.onData(s.seq(), s.len(), s.items(), s.tsVal());
            sendAck(a.dsack());
            if (a.inOrder()) {
                scheduleRead();
            }
        } else if (s.has(Packet.Segment.FIN)) {
            rcv.fin(s.seq());
            scheduleRead();
        } else if (s.seq() < rcv.rcvNxt()) {
            sendAck(false); // a zero-window probe: answer with the window as it is
        }
    }

    private void onSyn(Packet.Segment s) {
        if (state == State.SYN_RCVD && !s.has(Packet.Segment.ACK)) {
            synSegment(true); // our SYN-ACK was lost
        } else if (state == State.SYN_SENT && s.has(Packet.Segment.ACK)) {
            peerOption = s.mss();
            rcv.tsRecent = s.tsVal();
            established(s.tsEcr() > 0 ? now() - s.tsEcr() : 0, s.window());
            sendAck(false);
            Owner o = owner;
            app.execute(() -> {
                if (!appClosed) {
                    o.onEstablished(this);
                }
            });
        } else if (state == State.ESTABLISHED && s.has(Packet.Segment.ACK)) {
            sendAck(false); // our ACK of the SYN-ACK was lost
        }
    }

    private void established(long rttSample, long window) {
        state = State.ESTABLISHED;
        if (synTimer != null) {
            synTimer.cancel();
        }
        rcv.start(advOption - TIMESTAMPS);
        snd.start(rttSample, window);
    }

    private void scheduleRead() {
        if (readScheduled) {
            return;
        }
        readScheduled = true;
        app.execute(() -> {
            readScheduled = false;
            List<Object> got = rcv.read();
            for (Object item : got) {
                if (appClosed || owner == null) {
                    break;
                }
                owner.onItem(item);
            }
            if (rcv.finished()) {
                if (state != State.CLOSED) {
                    end();
                }
                notifyClosed(false);
            } else if (state == State.ESTABLISHED && lastWindow < TcpReceiver.BUFFER / 2
                    && rcv.window() >= TcpReceiver.BUFFER / 2) {
                sendAck(false); // the window opened again: tell the sender
            }
        });
    }

    private void synSegment(boolean ack) {
        int flags = Packet.Segment.SYN | (ack ? Packet.Segment.ACK : 0);
        host.send(new Packet.Segment(local, remote, flags, 0, 0, 0, SYN_WINDOW, advOption, List.of(), false, now(),
                ack ? rcv.tsRecent : 0, overhead.ipHeader() + PacketOverhead.TCP_HEADER + SYN_OPTIONS, null));
    }

    private void sendSyn(boolean ack) {
        synSegment(ack);
        int limit = ack ? SYNACK_RETRIES : SYN_RETRIES;
        if (synTries < limit) {
            long wait = SYN_RTO << synTries;
            synTries++;
            synTimer = host.wire().schedule(Duration.ofNanos(wait), () -> {
                if (state == State.SYN_SENT || state == State.SYN_RCVD) {
                    sendSyn(ack);
                }
            });
        }
    }

    void sendData(long seq, int len, NavigableMap<Long, Object> items) {
        send(Packet.Segment.ACK, seq, len, items, false);
    }

    void sendWindowProbe(long seq) {
        send(Packet.Segment.ACK, seq, 0, null, false);
    }

    private void sendAck(boolean dsack) {
        send(Packet.Segment.ACK, snd.sndNxt(), 0, null, dsack);
    }

    private void send(int flags, long seq, int len, NavigableMap<Long, Object> items, boolean dsack) {
        lastWindow = rcv.window();
        host.send(new Packet.Segment(local, remote, flags, seq, len, rcv.rcvNxt(), lastWindow, 0, rcv.sacks(), dsack,
                now(), rcv.tsRecent, overhead.tcpHeaders(true), items));
    }

    private long now() {
        return host.wire().clock().nanoTime();
    }
}
