package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.packet.Addresses;

/**
 * ICMP echo request or reply ("ping") seen at a point: the datagram probes of a ping-based MTU
 * test ({@code ping -M do -s N}).
 */
public final class EchoRecord {
    int point;
    final long srcHi;
    final long srcLo;
    final long dstHi;
    final long dstLo;
    final int ident;
    final int sequence;
    final boolean request;
    final int ipLength;
    final int ipVersion;
    final long firstTime;
    final int ttl;
    int count;

    EchoRecord(int point, long srcHi, long srcLo, long dstHi, long dstLo, int ident, int sequence, boolean request,
            int ipLength, int ipVersion, long firstTime, int ttl) {
        this.point = point;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.ident = ident;
        this.sequence = sequence;
        this.request = request;
        this.ipLength = ipLength;
        this.ipVersion = ipVersion;
        this.firstTime = firstTime;
        this.ttl = ttl;
    }

    /** TTL / hop limit it had at this point. */
    public int ttl() {
        return ttl;
    }

    public int point() {
        return point;
    }

    public long srcHi() {
        return srcHi;
    }

    public long srcLo() {
        return srcLo;
    }

    public long dstHi() {
        return dstHi;
    }

    public long dstLo() {
        return dstLo;
    }

    public int ident() {
        return ident;
    }

    public int sequence() {
        return sequence;
    }

    public boolean request() {
        return request;
    }

    public int ipLength() {
        return ipLength;
    }

    public int ipVersion() {
        return ipVersion;
    }

    public long firstTime() {
        return firstTime;
    }

    public int count() {
        return count;
    }

    public String src() {
        return Addresses.toString(srcHi, srcLo);
    }

    public String dst() {
        return Addresses.toString(dstHi, dstLo);
    }

    /** Identity across points: same endpoints, id, sequence and kind. */
    public long key() {
        long x = srcLo * 31 + dstLo;
        x = x * 31 + srcHi * 7 + dstHi;
        x = x * 65_537 + ident;
        x = x * 65_537 + sequence;
        return x * 2 + (request ? 1 : 0);
    }

    public boolean same(EchoRecord o) {
        return srcHi == o.srcHi && srcLo == o.srcLo && dstHi == o.dstHi && dstLo == o.dstLo && ident == o.ident
                && sequence == o.sequence && request == o.request;
    }
}
