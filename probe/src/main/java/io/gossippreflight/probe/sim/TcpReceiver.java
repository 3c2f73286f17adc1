package io.gossippreflight.probe.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The receiving half of a simulated TCP connection: in-order reassembly, an out-of-order queue
 * (each segment that lands beyond a hole counts in tcpi_rcv_ooopack), duplicates reported by
 * D-SACK, the largest segment seen (tcpi_rcv_mss, as Linux estimates it), and a receive buffer
 * the application drains: while it does not read (a paused process), the window closes.
 */
final class TcpReceiver {
    /** Receive buffer (Linux autotunes tcp_rmem; this is a grown one). */
    static final int BUFFER = 256 * 1024;
    /** Linux's first rcv_mss guess (TCP_MSS_DEFAULT) before a larger segment shows up. */
    private static final int INITIAL_RCV_MSS = 536;

    /** What one arriving data segment asks of the connection. */
    record Arrival(boolean dsack, boolean inOrder) {
    }

    private final TreeMap<Long, Long> outOfOrder = new TreeMap<>();
    private final TreeMap<Long, Object> items = new TreeMap<>();
    private long rcvNxt;
    private long consumed;
    private long oooBytes;
    private long finAt = -1;
    private int advmss;
    long tsRecent;
    // TCP_INFO
    int rcvMss;
    long rcvOooPack;
    long bytesReceived;

    /** @param advmss the MSS we advertised, options subtracted (tcpi_advmss) */
    void start(int advmss) {
        this.advmss = advmss;
        this.rcvMss = Math.min(INITIAL_RCV_MSS, advmss);
    }

    long rcvNxt() {
        return rcvNxt;
    }

    long window() {
        return Math.max(0, BUFFER - (rcvNxt - consumed) - oooBytes);
    }

    Arrival onData(long seq, int len, NavigableMap<Long, Object> carried, long tsVal) {
        if (len >= rcvMss) {
            rcvMss = Math.min(len, advmss);
        }
        long end = seq + len;
        if (end <= rcvNxt) {
            return new Arrival(true, false);
        }
        if (carried != null) {
            for (Map.Entry<Long, Object> e : carried.entrySet()) {
                if (e.getKey() > consumed) {
                    items.putIfAbsent(e.getKey(), e.getValue());
                }
            }
        }
        if (seq > rcvNxt) {
            rcvOooPack++;
            Map.Entry<Long, Long> held = outOfOrder.floorEntry(seq);
            boolean duplicate = held != null && held.getValue() >= end;
            addOutOfOrder(seq, end);
            return new Arrival(duplicate, false);
        }
        tsRecent = tsVal;
        long before = rcvNxt;
        rcvNxt = end;
        while (!outOfOrder.isEmpty() && outOfOrder.firstKey() <= rcvNxt) {
            Map.Entry<Long, Long> e = outOfOrder.pollFirstEntry();
            oooBytes -= e.getValue() - e.getKey();
            rcvNxt = Math.max(rcvNxt, e.getValue());
        }
        bytesReceived += rcvNxt - before;
        return new Arrival(false, true);
    }

    private void addOutOfOrder(long start, long end) {
        Map.Entry<Long, Long> below = outOfOrder.floorEntry(start);
        if (below != null && below.getValue() >= start) {
            start = below.getKey();
            end = Math.max(end, below.getValue());
            outOfOrder.remove(below.getKey());
            oooBytes -= below.getValue() - below.getKey();
        }
        while (true) {
            Map.Entry<Long, Long> above = outOfOrder.ceilingEntry(start);
            if (above == null || above.getKey() > end) {
                break;
            }
            end = Math.max(end, above.getValue());
            outOfOrder.remove(above.getKey());
            oooBytes -= above.getValue() - above.getKey();
        }
        outOfOrder.put(start, end);
        oooBytes += end - start;
    }

    /** Byte ranges held beyond the hole, newest first as SACK blocks go (all of them: no option-space limit). */
    List<long[]> sacks() {
        List<long[]> out = new ArrayList<>();
        outOfOrder.descendingMap().forEach((s, e) -> out.add(new long[] {s, e}));
        return out;
    }

    /** The peer closed after {@code at} bytes. */
    void fin(long at) {
        finAt = at;
    }

    /** Everything the peer sent arrived and was read, and it closed. */
    boolean finished() {
        return finAt >= 0 && consumed >= finAt && rcvNxt >= finAt;
    }

    /** The application reads every whole item that arrived in order. */
    List<Object> read() {
        List<Object> out = new ArrayList<>();
        while (!items.isEmpty() && items.firstKey() <= rcvNxt) {
            Map.Entry<Long, Object> e = items.pollFirstEntry();
            out.add(e.getValue());
            consumed = e.getKey();
        }
        if (items.isEmpty()) {
            consumed = rcvNxt; // bytes that close no item (none are written that way) are read too
        }
        return out;
    }

    boolean readable() {
        return (!items.isEmpty() && items.firstKey() <= rcvNxt) || (finAt >= 0 && rcvNxt >= finAt);
    }
}
