package io.gossippreflight.probe.net;

import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Param;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What our responder saw of a checker's connections, carried in every answer it sends as a
 * message parameter of a type Cassandra does not define ({@link #PARAM_TYPE}); Cassandra 4.0–5.0
 * skip unknown parameter types (5.0.9 net/Message.java deserializeParams). Its presence is also
 * how a checker knows it talks to our responder, not to a real node.
 *
 * @param interfaceMtu MTU of the responder's interface towards the checker (0 when unknown)
 * @param interfaceName that interface, or "" when unknown
 * @param requestAdvmss the MSS option the responder advertised on the connection the request came in on
 * @param requestMssSeen the MSS option of the checker's SYN as it arrived there
 * @param replyPmtu the path MTU the answering connection uses (lower than the interface's once
 *                  ICMP taught it)
 * @param replyMssSeen the MSS option of the checker's SYN-ACK as it arrived on the answering connection
 * @param lossRetrans retransmissions of the responder's kernel on connections to this checker that
 *                    delivered everything with no path MTU learned on the way (not asked for by ICMP)
 *                    and that the checker did not report as duplicates: segments lost towards it
 * @param acceptPmtu the path MTU towards the checker the responder's kernel held when it accepted the
 *                   connection the request came in on (TCP_INFO pmtu of that socket as it was
 *                   accepted); 0 when unknown (an older responder). On the checker's first connection
 *                   it says what the host held before the check, whatever the check taught it since
 */
public record ResponderReport(int interfaceMtu, String interfaceName, int requestAdvmss, int requestMssSeen,
                              int replyPmtu, int replyMssSeen, int lossRetrans, int acceptPmtu) {
    /** A parameter type id far above Cassandra 5.0.9's highest (17). */
    public static final int PARAM_TYPE = 120;
    private static final int MAGIC = 0x47505052; // "GPPR"
    /**
     * 2 added lossRetrans, 3 acceptPmtu; reports of versions 1 and 2 (an older responder) are still
     * read, with no loss count and no accept-time path MTU.
     */
    private static final int VERSION = 3;
    private static final int MAX_NAME = 64;

    public ResponderReport(int interfaceMtu, String interfaceName, int requestAdvmss, int requestMssSeen, int replyPmtu,
            int replyMssSeen) {
        this(interfaceMtu, interfaceName, requestAdvmss, requestMssSeen, replyPmtu, replyMssSeen, 0, 0);
    }

    public ResponderReport(int interfaceMtu, String interfaceName, int requestAdvmss, int requestMssSeen, int replyPmtu,
            int replyMssSeen, int lossRetrans) {
        this(interfaceMtu, interfaceName, requestAdvmss, requestMssSeen, replyPmtu, replyMssSeen, lossRetrans, 0);
    }

    public ResponderReport {
        interfaceName = interfaceName == null ? "" : interfaceName;
        if (interfaceName.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new IllegalArgumentException("interface name too long: " + interfaceName);
        }
    }

    /**
     * Whether the answering connection keeps to a path MTU below the interface's, learned from ICMP
     * (in a first report: from before the check). Loopback's 65,536 is one more than any IP packet.
     */
    public boolean belowInterfaceMtu() {
        return below(replyPmtu);
    }

    private boolean below(int pmtu) {
        return pmtu > 0 && interfaceMtu > 0 && pmtu < Math.min(interfaceMtu, 65_535);
    }

    /**
     * The path MTU below the interface's that the responder's host held towards the checker when the
     * request's connection was accepted: in the answer to a request on the checker's first
     * connection, what it learned from ICMP before the check. An older responder's report tells only
     * the answering connection's, which may be the check's own doing once anything large was sent
     * (an ECHO answered late, after a lost segment), and is taken as it is.
     */
    public java.util.OptionalInt heldAtAccept() {
        int held = acceptPmtu > 0 ? acceptPmtu : replyPmtu;
        return below(held) ? java.util.OptionalInt.of(held) : java.util.OptionalInt.empty();
    }

    /**
     * This report, keeping the lower path MTU of an {@code earlier} one (null: none). A path MTU the
     * kernel learned holds for every connection to that peer, but TCP_INFO shows it on a connection
     * only once that connection sent again after the ICMP: a later answer on a connection that carried
     * only small messages still shows the interface's MTU, and must not hide what an earlier one showed.
     */
    public ResponderReport withLowerPmtuOf(ResponderReport earlier) {
        if (earlier == null || earlier.replyPmtu <= 0 || replyPmtu > 0 && replyPmtu <= earlier.replyPmtu) {
            return this;
        }
        return new ResponderReport(interfaceMtu, interfaceName, requestAdvmss, requestMssSeen, earlier.replyPmtu,
                replyMssSeen, lossRetrans, acceptPmtu);
    }

    public Param toParam() {
        byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 7 * 4 + 1 + name.length);
        b.putInt(MAGIC).put((byte) VERSION).putInt(interfaceMtu).putInt(requestAdvmss).putInt(requestMssSeen)
                .putInt(replyPmtu).putInt(replyMssSeen).putInt(lossRetrans).putInt(acceptPmtu).put((byte) name.length)
                .put(name);
        return new Param(PARAM_TYPE, b.array());
    }

    /** The report in {@code m}, if it carries a well-formed one. */
    public static Optional<ResponderReport> from(Message m) {
        for (Param p : m.params()) {
            if (p.type() == PARAM_TYPE) {
                return parse(p.value());
            }
        }
        return Optional.empty();
    }

    static Optional<ResponderReport> parse(byte[] v) {
        if (v.length < 4 + 1 + 20 + 1) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        if (b.getInt() != MAGIC) {
            return Optional.empty();
        }
        int version = b.get();
        if (version < 1 || version > VERSION || b.remaining() < (4 + Math.min(version, VERSION)) * 4 + 1) {
            return Optional.empty();
        }
        int mtu = b.getInt();
        int advmss = b.getInt();
        int seen = b.getInt();
        int pmtu = b.getInt();
        int replySeen = b.getInt();
        int loss = version >= 2 ? b.getInt() : 0;
        int accept = version >= 3 ? b.getInt() : 0;
        int len = b.get() & 0xFF;
        if (len > MAX_NAME || len != b.remaining()) {
            return Optional.empty();
        }
        byte[] name = new byte[len];
        b.get(name);
        return Optional.of(new ResponderReport(mtu, new String(name, StandardCharsets.UTF_8), advmss, seen, pmtu, replySeen,
                Math.max(0, loss), Math.max(0, accept)));
    }
}
