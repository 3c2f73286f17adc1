package io.gossippreflight.node.gossip;

import java.util.List;

/**
 * No seed or peer answered the shadow round within its budget (Cassandra: "Unable to gossip
 * with any peers"). Carries what each peer did so the message can say which one failed how.
 */
public final class ShadowRoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ShadowRound.PeerReport> peers;

    public ShadowRoundException(List<ShadowRound.PeerReport> peers, long budgetMillis) {
        this(peers, message(peers, budgetMillis));
    }

    private ShadowRoundException(List<ShadowRound.PeerReport> peers, String message) {
        super(message);
        this.peers = List.copyOf(peers);
    }

    /** The same failure with more explanation appended (the pre-flight's verdicts). */
    public ShadowRoundException withDetail(String detail) {
        ShadowRoundException e = new ShadowRoundException(peers, getMessage() + "; " + detail);
        e.setStackTrace(getStackTrace());
        return e;
    }

    public List<ShadowRound.PeerReport> peers() {
        return peers;
    }

    private static String message(List<ShadowRound.PeerReport> peers, long budgetMillis) {
        StringBuilder sb = new StringBuilder("Unable to gossip with any peers within ").append(budgetMillis).append("ms");
        for (ShadowRound.PeerReport p : peers) {
            sb.append("; ").append(p.seed() ? "seed " : "peer ").append(p.peer()).append(": ")
                    .append(p.synsSent()).append(" shadow SYN(s) sent, ").append(switch (p.answer()) {
                        case NONE -> "no ACK came back";
                        case MINIMAL_ACK -> "answered with an empty ACK (it is starting too)";
                        case INSUFFICIENT_ACK -> "answered with " + p.statesReceived() + " states but none with our HOST_ID";
                        case FULL_ACK -> "answered with " + p.statesReceived() + " states";
                    });
        }
        return sb.toString();
    }
}
