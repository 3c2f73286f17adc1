package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.packet.Addresses;
import io.gossippreflight.analyzer.pass.PacketSampler;

/** Traffic from one host to another, whatever the ports: the unit a path verdict is about. */
public record HostDirection(long srcHi, long srcLo, long dstHi, long dstLo) {
    public HostDirection reverse() {
        return new HostDirection(dstHi, dstLo, srcHi, srcLo);
    }

    public String src() {
        return Addresses.toString(srcHi, srcLo);
    }

    public String dst() {
        return Addresses.toString(dstHi, dstLo);
    }

    public int ipVersion() {
        return Addresses.isV4(srcHi, srcLo) ? 4 : 6;
    }

    public long srcKey() {
        return PacketSampler.addressKey(srcHi, srcLo);
    }

    public long dstKey() {
        return PacketSampler.addressKey(dstHi, dstLo);
    }

    @Override
    public String toString() {
        return src() + " -> " + dst();
    }
}
