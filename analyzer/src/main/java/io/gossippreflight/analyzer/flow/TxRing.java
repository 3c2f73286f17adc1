package io.gossippreflight.analyzer.flow;

import java.util.Arrays;

/** A FIFO of unacknowledged transmissions in primitive arrays, growing up to a cap. */
final class TxRing {
    static final int RETRANSMITTED = 1;
    static final int RETRANSMISSION = 2;

    private final int cap;
    // allocated on first use: most connections at a point never have data pending in both directions
    long[] start = EMPTY_L;
    long[] end = EMPTY_L;
    long[] ts = EMPTY_L;
    int[] ipLen = EMPTY_I;
    int[] ipId = EMPTY_I;
    int[] segs = EMPTY_I;
    int[] hdr = EMPTY_I;
    int[] tsVal = EMPTY_I;
    int[] flags = EMPTY_I;
    private static final long[] EMPTY_L = new long[0];
    private static final int[] EMPTY_I = new int[0];
    private int head;
    private int size;

    TxRing(int cap) {
        if (Integer.bitCount(cap) != 1) {
            throw new IllegalArgumentException("cap must be a power of two");
        }
        this.cap = cap;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size == cap;
    }

    /** Physical slot of the i-th oldest entry. */
    int slot(int i) {
        return (head + i) & (start.length - 1);
    }

    private void allocate() {
        start = new long[8];
        end = new long[8];
        ts = new long[8];
        ipLen = new int[8];
        ipId = new int[8];
        segs = new int[8];
        hdr = new int[8];
        tsVal = new int[8];
        flags = new int[8];
    }

    int oldest() {
        return head;
    }

    /** Appends; returns the slot. Caller evicts first when {@link #full()}. */
    int push(long s, long e, long t, int len, int id, int hdrBytes, int tsv, int f) {
        if (start.length == 0) {
            allocate();
        } else if (size == start.length) {
            grow();
        }
        int at = (head + size) & (start.length - 1);
        start[at] = s;
        end[at] = e;
        ts[at] = t;
        ipLen[at] = len;
        ipId[at] = id;
        segs[at] = 1;
        hdr[at] = hdrBytes;
        tsVal[at] = tsv;
        flags[at] = f;
        size++;
        return at;
    }

    void popOldest() {
        head = (head + 1) & (start.length - 1);
        size--;
    }

    /** Re-appends the oldest entry at the tail (used to filter the ring in one rotation). */
    void rotateOldest() {
        int from = head;
        int g = segs[from];
        popOldest();
        int at = push(start[from], end[from], ts[from], ipLen[from], ipId[from], hdr[from], tsVal[from], flags[from]);
        segs[at] = g;
    }

    Transmission toTransmission(int slot, Transmission.Outcome outcome) {
        return new Transmission(start[slot], end[slot], ts[slot], ipLen[slot], ipId[slot], segs[slot], hdr[slot],
                tsVal[slot], (flags[slot] & RETRANSMISSION) != 0, outcome);
    }

    private void grow() {
        int n = start.length * 2;
        long[] s2 = new long[n];
        long[] e2 = new long[n];
        long[] t2 = new long[n];
        int[] l2 = new int[n];
        int[] i2 = new int[n];
        int[] g2 = new int[n];
        int[] h2 = new int[n];
        int[] v2 = new int[n];
        int[] f2 = new int[n];
        for (int k = 0; k < size; k++) {
            int from = slot(k);
            s2[k] = start[from];
            e2[k] = end[from];
            t2[k] = ts[from];
            l2[k] = ipLen[from];
            i2[k] = ipId[from];
            g2[k] = segs[from];
            h2[k] = hdr[from];
            v2[k] = tsVal[from];
            f2[k] = flags[from];
        }
        start = s2;
        end = e2;
        ts = t2;
        ipLen = l2;
        ipId = i2;
        segs = g2;
        hdr = h2;
        tsVal = v2;
        flags = f2;
        head = 0;
    }

    int capacity() {
        return cap;
    }

    @Override
    public String toString() {
        return "TxRing" + Arrays.toString(Arrays.copyOf(start, size));
    }
}
