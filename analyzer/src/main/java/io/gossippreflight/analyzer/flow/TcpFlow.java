package io.gossippreflight.analyzer.flow;

import io.gossippreflight.analyzer.packet.Addresses;

/**
 * One TCP connection as seen at one capture point: client (the SYN sender, or a guess when the
 * handshake was not captured) and server, and a {@link TcpDirection} each way.
 */
public final class TcpFlow {
    public static final int C2S = 0;
    public static final int S2C = 1;

    final long clientHi;
    final long clientLo;
    final long serverHi;
    final long serverLo;
    final int clientPort;
    final int serverPort;
    int point;
    final int hash;
    private final TcpDirection[] dirs = new TcpDirection[2];
    /** False when the capture missed the handshake and client/server were guessed. */
    boolean rolesFromHandshake;
    long firstTime;
    long lastTime;
    boolean reset;
    long resetTime = -1;
    int resetBy = -1;
    final long serial;
    /** Attachment for stream consumers (gossip reassembly). */
    public Object attachment;

    TcpFlow(long serial, long clientHi, long clientLo, int clientPort, long serverHi, long serverLo, int serverPort,
            int point, int hash, int maxPending, int maxRanges, TcpDirection.Budget budget) {
        this.serial = serial;
        this.clientHi = clientHi;
        this.clientLo = clientLo;
        this.clientPort = clientPort;
        this.serverHi = serverHi;
        this.serverLo = serverLo;
        this.serverPort = serverPort;
        this.point = point;
        this.hash = hash;
        dirs[C2S] = new TcpDirection(this, C2S, maxPending, maxRanges, budget);
        dirs[S2C] = new TcpDirection(this, S2C, maxPending, maxRanges, budget);
    }

    public TcpDirection direction(int d) {
        return dirs[d];
    }

    public TcpDirection clientToServer() {
        return dirs[C2S];
    }

    public TcpDirection serverToClient() {
        return dirs[S2C];
    }

    /** Which direction a packet from (hi, lo, port) travels in. */
    int directionFrom(long hi, long lo, int port) {
        return hi == clientHi && lo == clientLo && port == clientPort ? C2S : S2C;
    }

    boolean matches(long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort, int pt) {
        if (pt != point) {
            return false;
        }
        return srcPort == clientPort && dstPort == serverPort && srcLo == clientLo && dstLo == serverLo
                && srcHi == clientHi && dstHi == serverHi
                || srcPort == serverPort && dstPort == clientPort && srcLo == serverLo && dstLo == clientLo
                && srcHi == serverHi && dstHi == clientHi;
    }

    public int point() {
        return point;
    }

    /** Moves the flow to point {@code point + by} (merging passes that numbered their points from 0). */
    public void shiftPoint(int by) {
        point += by;
    }

    public long serial() {
        return serial;
    }

    public long clientHi() {
        return clientHi;
    }

    public long clientLo() {
        return clientLo;
    }

    public long serverHi() {
        return serverHi;
    }

    public long serverLo() {
        return serverLo;
    }

    public int clientPort() {
        return clientPort;
    }

    public int serverPort() {
        return serverPort;
    }

    public boolean rolesFromHandshake() {
        return rolesFromHandshake;
    }

    public long firstTime() {
        return firstTime;
    }

    public long lastTime() {
        return lastTime;
    }

    public boolean reset() {
        return reset;
    }

    public long resetTime() {
        return resetTime;
    }

    /** Direction whose sender sent the first RST, or -1. */
    public int resetBy() {
        return resetBy;
    }

    public String client() {
        return Addresses.toString(clientHi, clientLo) + ":" + clientPort;
    }

    public String server() {
        return Addresses.toString(serverHi, serverLo) + ":" + serverPort;
    }

    /** Same connection (endpoints and ports) regardless of capture point. */
    public boolean sameConnection(TcpFlow o) {
        return clientPort == o.clientPort && serverPort == o.serverPort && clientHi == o.clientHi
                && clientLo == o.clientLo && serverHi == o.serverHi && serverLo == o.serverLo;
    }

    @Override
    public String toString() {
        return client() + " -> " + server() + " @" + point;
    }
}
