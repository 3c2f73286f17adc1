package io.gossippreflight.analyzer.testing;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.flow.FlowTable;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import java.nio.ByteBuffer;

/** Drives a FlowTable with hand-built IPv4 TCP packets between a client and a server. */
public final class TcpScript {
    public final FlowTable table;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    public String client = "198.18.2.2";
    public String server = "198.18.1.2";
    public int clientPort = 40914;
    public int serverPort = 7000;
    public long time = 1_000_000_000L;
    public int point;

    public TcpScript(FlowTable table) {
        this.table = table;
    }

    /** A packet from the client (c2s) or the server. */
    public TcpFlow send(boolean fromClient, Frames.Tcp tcp, int ipId, int ttl) {
        tcp.ports(fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort);
        byte[] ip = Frames.ipv4(fromClient ? client : server, fromClient ? server : client, 6, ipId, true, ttl, tcp.build());
        int status = decoder.decode(ByteBuffer.wrap(ip), 0, ip.length, LinkType.RAW, packet);
        if (status != PacketDecoder.OK) {
            throw new IllegalStateException("built a bad packet: " + decoder.problem());
        }
        time += 1_000_000;
        return table.onTcp(packet, point, time);
    }

    public TcpFlow send(boolean fromClient, Frames.Tcp tcp, int ipId) {
        return send(fromClient, tcp, ipId, 64);
    }
}
