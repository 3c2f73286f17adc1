package io.gossippreflight.analyzer.report;

import java.util.List;

/**
 * One TCP connection across all capture points.
 *
 * @param seenAt capture points that saw it
 * @param tls it opened with a TLS handshake (internode encryption): its messages were not decoded
 */
public record FlowInfo(int id, String client, String server, long firstTime, long lastTime, boolean handshakeSeen,
        List<String> seenAt, FlowDirection clientToServer, FlowDirection serverToClient, String end,
        boolean tls) {

    /**
     * One direction as seen at the point nearest its sender.
     *
     * @param mss handshake MSS option (-1 when not seen)
     */
    public record FlowDirection(String from, String to, String seenFirstAt, long packets, long dataPackets, long bytes,
            long retransmissions, long superSegments, int maxIpLength, int maxWireIpLength, int mss, int windowScale,
            boolean sackPermitted, boolean timestamps, long undeliveredBytes, long truncatedPackets) {
    }
}
