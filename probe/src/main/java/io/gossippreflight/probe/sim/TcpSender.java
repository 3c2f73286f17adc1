package io.gossippreflight.probe.sim;

import io.gossippreflight.time.Cancellable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The sending half of a simulated TCP connection, Linux-like where TCP_INFO shows it: segments of
 * the current MSS (the peer's MSS option, our path MTU, half the peer's window), a congestion
 * window that only grows (slow start, back to one segment after a timeout), cumulative and
 * selective acknowledgements, loss detected from SACKs (a segment sent before one that arrived),
 * the tail-loss probe (2 × srtt, + 200 ms with one segment out), the retransmission timer
 * (srtt + max(4 × rttvar, 200 ms), doubling), resending at once in smaller segments when ICMP
 * lowers the path MTU, D-SACK counting, zero-window probes, and the 30 s user timeout.
 * Not modelled: congestion avoidance and loss-based window reduction, delayed ACKs, Nagle.
 */
final class TcpSender {
    static final int INITIAL_CWND = 10;
    private static final int MAX_CWND = 10_000;
    /** Linux bounds a segment to half the peer's largest window (tcp_bound_to_half_wnd), 64 KiB at first. */
    static final int HALF_WINDOW = 32_768;
    static final long RTO_MIN = Duration.ofMillis(200).toNanos();
    static final long RTO_MAX = Duration.ofSeconds(120).toNanos();
    static final long RTO_INITIAL = Duration.ofSeconds(1).toNanos();
    /** As Cassandra's internode_tcp_user_timeout (and our links'): unacknowledged this long, the connection ends. */
    static final long USER_TIMEOUT = Duration.ofSeconds(30).toNanos();
    private static final long TLP_ONE_SEGMENT = RTO_MIN;
    private static final long TLP_MIN = Duration.ofMillis(2).toNanos();

    /** One segment sent and not cumulatively acknowledged. */
    private static final class Seg {
        long start;
        int len;
        long xmitAt;
        boolean sacked;
        boolean lost;
        boolean retransmitted;

        Seg(long start, int len) {
            this.start = start;
            this.len = len;
        }

        long end() {
            return start + len;
        }
    }

    private final TcpSocket sock;
    private final TreeMap<Long, Object> items = new TreeMap<>();
    private final TreeMap<Long, Seg> segs = new TreeMap<>();
    private long written;
    private long sndUna;
    private long sndNxt;
    private long windowEdge;
    private int cwnd = INITIAL_CWND;
    private long srtt;
    private long mdev;
    private int backoff;
    private long lastProgress;
    private long rackXmit = Long.MIN_VALUE;
    private long rackEnd;
    private long rackRtt;
    private boolean tlpOut;
    private Cancellable timer;
    private Cancellable rackTimer;
    private long rackTimerAt = Long.MAX_VALUE;
    private Runnable onDrained;
    /**
     * Bytes of data the send buffer holds: a write returns once all but that many of its bytes were
     * handed on (acknowledged). Linux sizes it from the MSS as the connection is established
     * (tcp_sndbuf_expand: two initial windows of socket buffers, a buffer's overhead about its data
     * again), at least tcp_wmem's 16 KiB: some 60 KB at an MSS of 1,448, 360 KB at 8,949.
     */
    private long sndbuf = Long.MAX_VALUE;
    static final int MIN_SNDBUF = 16_384;
    /** Writes waiting for room, by the end of their bytes. */
    private final ArrayDeque<Waiting> waitingForRoom = new ArrayDeque<>();

    /** A write whose bytes up to {@code end} are not all in the send buffer yet. */
    private record Waiting(long end, java.util.concurrent.CompletableFuture<Void> buffered) {
    }

    // TCP_INFO
    int retransmits;
    int totalRetrans;
    long dsackDups;
    int probes;
    long bytesAcked;

    TcpSender(TcpSocket sock) {
        this.sock = sock;
    }

    /** The first RTT sample (the SYN's) and the peer's first window. */
    void start(long rttSample, long window) {
        if (rttSample > 0) {
            sample(rttSample);
        }
        windowEdge = window;
        lastProgress = now();
        sndbuf = Math.max(MIN_SNDBUF, 4L * INITIAL_CWND * sock.sndMss());
    }

    /**
     * Completes once the bytes written so far are all in the send buffer (what a blocking write, or
     * Netty's write future, waits for): at once when they fit, else as acknowledgements make room;
     * exceptionally when the connection ends first.
     */
    java.util.concurrent.CompletableFuture<Void> whenBuffered() {
        java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
        if (written - sndUna <= sndbuf) {
            f.complete(null);
        } else {
            waitingForRoom.add(new Waiting(written, f));
        }
        return f;
    }

    private void roomMade() {
        while (!waitingForRoom.isEmpty() && waitingForRoom.peekFirst().end() - sndUna <= sndbuf) {
            waitingForRoom.pollFirst().buffered().complete(null);
        }
    }

    void write(int bytes, Object item) {
        if (sndUna == written) {
            // nothing was outstanding: Linux's user timeout counts from the oldest unacknowledged data,
            // not from the last acknowledgement of an idle connection
            lastProgress = now();
        }
        written += bytes;
        items.put(written, item);
        trySend();
    }

    /** Segments sent and not yet acknowledged (tcpi_unacked). */
    int unacked() {
        return segs.size();
    }

    int lost() {
        return (int) segs.values().stream().filter(s -> s.lost).count();
    }

    long srttNanos() {
        return srtt;
    }

    long mdevNanos() {
        return mdev;
    }

    long rto() {
        long base = srtt == 0 ? RTO_INITIAL : srtt + Math.max(4 * mdev, RTO_MIN);
        return Math.min(RTO_MAX, base << Math.min(backoff, 20));
    }

    /** Runs {@code r} once every byte written is acknowledged (at once if it is). */
    void whenDrained(Runnable r) {
        if (sndUna == written) {
            r.run();
        } else {
            onDrained = r;
        }
    }

    long written() {
        return written;
    }

    void stop() {
        while (!waitingForRoom.isEmpty()) {
            waitingForRoom.pollFirst().buffered().completeExceptionally(
                    new java.io.IOException("Connection timed out"));
        }
        cancel();
        if (rackTimer != null) {
            rackTimer.cancel();
        }
    }

    /** An acknowledgement from the peer. */
    void onAck(long ack, long window, List<long[]> sacks, boolean dsack, long tsEcr) {
        long now = now();
        if (dsack) {
            dsackDups++;
        }
        probes = 0;
        if (ack + window > windowEdge || ack > sndUna) {
            windowEdge = ack + window;
        }
        long delivered = Long.MIN_VALUE;
        long deliveredEnd = 0;
        long oldUna = sndUna;
        if (ack > sndUna) {
            if (tsEcr > 0) {
                sample(now - tsEcr);
            }
            int acked = 0;
            while (!segs.isEmpty() && segs.firstEntry().getValue().start < ack) {
                Seg s = segs.pollFirstEntry().getValue();
                if (s.xmitAt >= delivered) {
                    delivered = s.xmitAt;
                    deliveredEnd = s.end();
                }
                if (s.end() > ack) { // partly acknowledged: the rest stays
                    s.len -= (int) (ack - s.start);
                    s.start = ack;
                    segs.put(s.start, s);
                    break;
                }
                acked++;
            }
            bytesAcked += ack - sndUna;
            sndUna = ack;
            items.headMap(sndUna, true).clear();
            roomMade();
            cwnd = Math.min(MAX_CWND, cwnd + acked);
            retransmits = 0;
            backoff = 0;
            tlpOut = false;
            lastProgress = now;
        }
        for (long[] b : sacks) {
            for (Seg s : segs.subMap(b[0], true, b[1], false).values()) {
                if (!s.sacked && s.end() <= b[1]) {
                    s.sacked = true;
                    s.lost = false;
                    if (s.xmitAt >= delivered) {
                        delivered = s.xmitAt;
                        deliveredEnd = s.end();
                    }
                }
            }
        }
        if (delivered != Long.MIN_VALUE && (delivered > rackXmit || delivered == rackXmit && deliveredEnd > rackEnd)) {
            rackXmit = delivered;
            rackEnd = deliveredEnd;
            rackRtt = now - delivered;
        }
        detectLoss();
        if (segs.isEmpty()) {
            cancel();
        } else if (sndUna > oldUna) {
            armTimer(false);
        }
        trySend();
        if (sndUna == written && onDrained != null) {
            Runnable r = onDrained;
            onDrained = null;
            r.run();
        }
    }

    /** ICMP "too big" for one of our segments: the path MTU is lower now; resend what no longer fits, at once. */
    void onPathMtuReduced() {
        int mss = sock.sndMss();
        for (Seg s : List.copyOf(segs.values())) {
            if (!s.sacked && s.len > mss) {
                segs.remove(s.start);
                for (long at = s.start; at < s.end(); at += mss) {
                    Seg piece = new Seg(at, (int) Math.min(mss, s.end() - at));
                    piece.lost = true;
                    piece.xmitAt = s.xmitAt;
                    segs.put(at, piece);
                }
            }
        }
        trySend();
    }

    /** RACK: a segment sent before one that arrived, and older than that one's round trip plus a reordering margin. */
    private void detectLoss() {
        if (rackXmit == Long.MIN_VALUE) {
            return;
        }
        long now = now();
        long reo = srtt / 4;
        long next = Long.MAX_VALUE;
        for (Seg s : segs.values()) {
            // sent before the latest segment that arrived (at the same time: lower in sequence, as Linux breaks ties)
            boolean before = s.xmitAt < rackXmit || s.xmitAt == rackXmit && s.end() < rackEnd;
            if (s.sacked || s.lost || !before) {
                continue;
            }
            long due = s.xmitAt + rackRtt + reo;
            if (due <= now) {
                s.lost = true;
            } else {
                next = Math.min(next, due);
            }
        }
        if (next != Long.MAX_VALUE && next < rackTimerAt) {
            if (rackTimer != null) {
                rackTimer.cancel();
            }
            rackTimerAt = next;
            rackTimer = sock.wire().schedule(Duration.ofNanos(next - now), () -> {
                rackTimerAt = Long.MAX_VALUE;
                detectLoss();
                trySend();
            });
        }
    }

    void trySend() {
        int mss = sock.sndMss();
        int pipe = 0;
        ArrayDeque<Seg> lost = new ArrayDeque<>();
        for (Seg s : segs.values()) {
            if (s.lost) {
                lost.add(s);
            } else if (!s.sacked) {
                pipe++;
            }
        }
        if (lost.stream().anyMatch(s -> s.len > mss)) {
            onPathMtuReduced(); // a path MTU learned since they were sent: they go again in smaller pieces
            return;
        }
        boolean sentNew = false;
        while (pipe < cwnd) {
            Seg l = lost.poll();
            if (l != null) {
                retransmit(l);
            } else if (!sendNew(mss)) {
                break;
            } else {
                sentNew = true;
            }
            pipe++;
        }
        if (!segs.isEmpty() && (sentNew || timer == null)) {
            armTimer(sentNew);
        }
    }

    /** One new segment, if there is data and the peer's window has room; false when none went. */
    private boolean sendNew(int mss) {
        if (sndNxt >= written) {
            return false;
        }
        int len = (int) Math.min(mss, written - sndNxt);
        if (sndNxt + len > windowEdge) {
            if (segs.isEmpty()) {
                armPersist();
            }
            return false;
        }
        Seg s = new Seg(sndNxt, len);
        segs.put(s.start, s);
        sndNxt += len;
        transmit(s);
        return true;
    }

    private void retransmit(Seg s) {
        s.lost = false;
        s.retransmitted = true;
        totalRetrans++;
        transmit(s);
    }

    private void transmit(Seg s) {
        s.xmitAt = now();
        NavigableMap<Long, Object> carried = items.subMap(s.start, false, s.end(), true);
        sock.sendData(s.start, s.len, carried.isEmpty() ? null : new TreeMap<>(carried));
    }

    /** The tail-loss probe after new data (when no loss is being repaired), else the retransmission timer. */
    private void armTimer(boolean afterNewData) {
        cancel();
        boolean repairing = segs.values().stream().anyMatch(s -> s.lost || s.retransmitted);
        if (afterNewData && !tlpOut && !repairing && srtt > 0) {
            long pto = 2 * srtt + (segs.size() == 1 ? TLP_ONE_SEGMENT : TLP_MIN);
            timer = sock.wire().schedule(Duration.ofNanos(Math.min(pto, rto())), this::onProbeTimeout);
        } else {
            timer = sock.wire().schedule(Duration.ofNanos(rto()), this::onRetransmitTimeout);
        }
    }

    private void onProbeTimeout() {
        timer = null;
        if (segs.isEmpty()) {
            return;
        }
        tlpOut = true;
        if (!sendNew(sock.sndMss())) { // new data serves as the probe when there is some, else the last segment again
            Seg last = segs.lastEntry().getValue();
            if (!last.sacked) {
                retransmit(last);
            }
        }
        cancel();
        timer = sock.wire().schedule(Duration.ofNanos(rto()), this::onRetransmitTimeout);
    }

    private void onRetransmitTimeout() {
        timer = null;
        if (segs.isEmpty()) {
            return;
        }
        if (now() - lastProgress >= USER_TIMEOUT) {
            sock.abort();
            return;
        }
        retransmits++;
        backoff++;
        cwnd = 1;
        for (Seg s : segs.values()) {
            if (!s.sacked) {
                s.lost = true;
            }
        }
        trySend();
        if (timer == null) {
            timer = sock.wire().schedule(Duration.ofNanos(rto()), this::onRetransmitTimeout);
        }
    }

    /** The peer's window is closed and nothing is in flight: probe it, backing off as the retransmission timer does. */
    private void armPersist() {
        if (timer != null) {
            return;
        }
        timer = sock.wire().schedule(Duration.ofNanos(rto()), () -> {
            timer = null;
            if (segs.isEmpty() && sndNxt < written && sndNxt + Math.min(sock.sndMss(), written - sndNxt) > windowEdge) {
                probes++;
                backoff++;
                sock.sendWindowProbe(sndUna - 1);
                armPersist();
            }
        });
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void sample(long m) {
        m = Math.max(m, 1_000); // the kernel measures in microseconds: at least one
        if (srtt == 0) {
            srtt = m;
            mdev = m / 2;
        } else {
            long err = m - srtt;
            srtt += err / 8;
            mdev += (Math.abs(err) - mdev) / 4;
        }
    }

    long sndNxt() {
        return sndNxt;
    }

    private long now() {
        return sock.wire().clock().nanoTime();
    }
}
