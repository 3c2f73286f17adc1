package io.gossippreflight.analyzer.pass;

import java.util.Arrays;

/**
 * A bounded, content-addressed sample of the packets seen at one point: a packet is kept when
 * its fingerprint hash falls below a threshold that halves whenever the sample fills. Because
 * the choice depends only on packet content, two points keep the same packets, which lets
 * {@link io.gossippreflight.analyzer.path.ClockOffsets} and path ordering match them.
 */
public final class PacketSampler {
    private final int capacity;
    private long threshold = -1L; // unsigned: everything
    private long[] hashes;
    private long[] times;
    private long[] srcLo;
    private long[] dstLo;
    private int[] ttl;
    /** IP total length of each kept packet: the reports' size charts plot the sample. */
    private int[] ipLength;
    private int n;

    public PacketSampler(int capacity) {
        this.capacity = capacity;
        hashes = new long[Math.min(capacity, 256)];
        times = new long[hashes.length];
        srcLo = new long[hashes.length];
        dstLo = new long[hashes.length];
        ttl = new int[hashes.length];
        ipLength = new int[hashes.length];
    }

    public void offer(long hash, long time, long src, long dst, int hopLimit) {
        offer(hash, time, src, dst, hopLimit, 0);
    }

    public void offer(long hash, long time, long src, long dst, int hopLimit, int ipTotalLength) {
        if (Long.compareUnsigned(hash, threshold) >= 0) {
            return;
        }
        if (n == hashes.length) {
            if (n == capacity) {
                shrink();
                if (Long.compareUnsigned(hash, threshold) >= 0) {
                    return;
                }
            } else {
                int len = Math.min(capacity, n * 2);
                hashes = Arrays.copyOf(hashes, len);
                times = Arrays.copyOf(times, len);
                srcLo = Arrays.copyOf(srcLo, len);
                dstLo = Arrays.copyOf(dstLo, len);
                ttl = Arrays.copyOf(ttl, len);
                ipLength = Arrays.copyOf(ipLength, len);
            }
        }
        hashes[n] = hash;
        times[n] = time;
        srcLo[n] = src;
        dstLo[n] = dst;
        ttl[n] = hopLimit;
        ipLength[n] = ipTotalLength;
        n++;
    }

    /** Keeps the lower half of the hashes. */
    private void shrink() {
        long[] keys = Arrays.copyOf(hashes, n);
        for (int i = 0; i < n; i++) {
            keys[i] ^= Long.MIN_VALUE; // unsigned order through signed comparisons
        }
        threshold = select(keys, n / 2) ^ Long.MIN_VALUE;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Long.compareUnsigned(hashes[i], threshold) < 0) {
                hashes[k] = hashes[i];
                times[k] = times[i];
                srcLo[k] = srcLo[i];
                dstLo[k] = dstLo[i];
                ttl[k] = ttl[i];
                ipLength[k] = ipLength[i];
                k++;
            }
        }
        n = k;
    }

    /**
     * The k-th smallest of {@code a} (what {@code sort(a)[k]} would be), reordering {@code a}:
     * quickselect on a median-of-three pivot, linear on average where sorting is n log n. The
     * hashes are well mixed; should the partitions still degenerate, it sorts what is left.
     */
    static long select(long[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(a.length)) + 8;
        while (hi > lo) {
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            int mid = (lo + hi) >>> 1;
            long x = a[lo];
            long y = a[mid];
            long z = a[hi];
            long pivot = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    public int size() {
        return n;
    }

    public long threshold() {
        return threshold;
    }

    public long hash(int i) {
        return hashes[i];
    }

    public long time(int i) {
        return times[i];
    }

    /** {@link #addressKey} of the source address. */
    public long src(int i) {
        return srcLo[i];
    }

    public long dst(int i) {
        return dstLo[i];
    }

    public int ttl(int i) {
        return ttl[i];
    }

    /** IP total length of the i-th kept packet (0 when not given). */
    public int ipLength(int i) {
        return ipLength[i];
    }

    /** A 64-bit key for a 128-bit address (IPv4: the mapped low half itself). */
    public static long addressKey(long hi, long lo) {
        return hi == 0 ? lo : lo ^ mix(hi);
    }

    /** Fingerprint of a packet that is the same at every point it crosses (one full mix: it runs per packet). */
    public static long fingerprint(long srcHi, long srcLo, long dstHi, long dstLo, int ports, int seq, int ack,
            int ipIdOrTsVal, int payloadLength, int flags) {
        long h = (srcLo + 0x9E3779B97F4A7C15L * dstLo) ^ (srcHi * 0xC2B2AE3D27D4EB4FL + dstHi * 0x165667B19E3779F9L);
        h = h * 0xBF58476D1CE4E5B9L + ((long) ports << 32 | (seq & 0xffffffffL));
        h = h * 0x94D049BB133111EBL + ((long) ack << 32 | (ipIdOrTsVal & 0xffffffffL));
        h = h * 0x9E3779B97F4A7C15L + ((long) payloadLength << 16 | flags);
        return mix(h);
    }

    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}
