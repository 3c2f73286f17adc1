package io.gossippreflight.analyzer.gossip;

import io.gossippreflight.analyzer.diagnose.Places;
import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.path.Connection;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import io.gossippreflight.analyzer.path.SegmentFates;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lists every decoded internode message with its fate (from the byte ranges that did or did
 * not reach the receiver), recognises the shadow round and the schema pull, and says which
 * reply a node was left waiting for.
 */
public final class GossipAnalysis {
    /** Messages, notes for people, and the replies that never arrived. */
    public record Result(List<MessageInfo> messages, List<String> notes, List<Waiting> waiting) {
    }

    /** A reply that one node waited for in vain. */
    public record Waiting(String waiter, String from, MessageInfo reply, MessageInfo request, String text) {
    }

    private GossipAnalysis() {
    }

    public static Result analyze(PathModel model, Places places, Map<String, GossipStreams> streams,
            List<LossInfo> losses) {
        List<MessageInfo> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Connection c : model.connections()) {
            for (int d = 0; d < 2; d++) {
                HostDirection hd = PathModel.hostDirection(c, d);
                List<TcpDirection> dirs = c.at(model.order(hd), d);
                GossipStreams.Direction decoded = null;
                for (TcpDirection x : dirs) {
                    GossipStreams gs = streams.get(model.point(x.flow().point()).capture());
                    GossipStreams.Direction cand = gs == null ? null : gs.direction(x);
                    if (cand != null && (decoded == null || cand.messages().size() > decoded.messages().size())) {
                        decoded = cand;
                        if (x == dirs.get(0)) {
                            break; // the sender's side saw everything that was sent
                        }
                    }
                }
                if (decoded == null) {
                    continue;
                }
                IntervalSet undelivered = SegmentFates.undelivered(model, c, d);
                String from = places.host(hd.src());
                String to = places.host(hd.dst());
                for (GossipMessage m : decoded.messages()) {
                    boolean lost = undelivered.intersects(m.start(), m.end());
                    String fate = "delivered";
                    if (lost) {
                        fate = "not delivered by the end of the capture";
                        for (LossInfo l : losses) {
                            if (l.flowId() == c.id() && l.from().equals(from) && l.start() < m.end() && l.end() > m.start()) {
                                fate = "died " + l.between();
                                break;
                            }
                        }
                    }
                    out.add(new MessageInfo(m.timeNanos() - model.offsetToFirst(dirs.get(0).flow().point()), c.id(), from,
                            to, m.verb(), m.id(), m.size(), m.start(), m.end(), m.digests(), m.states(), fate, !lost,
                            null));
                }
                if (decoded.desyncs() > 0 || decoded.malformed() > 0) {
                    notes.add("connection #" + c.id() + " " + from + " -> " + to + ": the decoder lost its place "
                            + decoded.desyncs() + " time(s)" + (decoded.malformed() > 0 ? ", " + decoded.malformed()
                            + " malformed structure(s)" : ""));
                }
            }
        }
        out.sort(Comparator.comparingLong(MessageInfo::timeNanos));
        List<MessageInfo> annotated = annotate(out);
        List<Waiting> waiting = waiting(annotated);
        for (Waiting w : waiting) {
            notes.add(0, w.text());
        }
        return new Result(annotated, notes, waiting);
    }

    /** Marks the shadow round and the schema pull. */
    private static List<MessageInfo> annotate(List<MessageInfo> in) {
        List<MessageInfo> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            MessageInfo m = in.get(i);
            String note = null;
            if ("GOSSIP_DIGEST_SYN".equals(m.verb()) && m.digests() == 0) {
                note = "shadow round: empty-digest SYN (a node starting up asks for the whole cluster state)";
            } else if ("GOSSIP_DIGEST_ACK".equals(m.verb()) && shadowReply(in, i)) {
                note = m.states() == 0 ? "shadow-round reply, empty (the seed is in its own shadow round)"
                        : "shadow-round reply: the whole cluster state (" + m.states() + (m.states() == 1 ? " endpoint)" : " endpoints)");
            } else if ("SCHEMA_PULL_REQ".equals(m.verb())) {
                note = "schema pull: the joining node asks for the schema";
            } else if ("SCHEMA_PULL_RSP".equals(m.verb())) {
                note = "schema pull reply: the schema the joining node needs";
            }
            out.add(note == null ? m : with(m, note));
        }
        return out;
    }

    /** The first ACK back to a node after its empty-digest SYN. */
    private static boolean shadowReply(List<MessageInfo> all, int i) {
        MessageInfo ack = all.get(i);
        MessageInfo lastShadow = null;
        for (int k = 0; k < i; k++) {
            MessageInfo m = all.get(k);
            if ("GOSSIP_DIGEST_SYN".equals(m.verb()) && m.digests() == 0 && m.from().equals(ack.to())
                    && m.to().equals(ack.from())) {
                lastShadow = m;
            }
        }
        if (lastShadow == null || ack.digests() != 0) {
            return false;
        }
        for (int k = 0; k < i; k++) {
            MessageInfo m = all.get(k);
            if ("GOSSIP_DIGEST_ACK".equals(m.verb()) && m.from().equals(ack.from()) && m.to().equals(ack.to())
                    && m.timeNanos() >= lastShadow.timeNanos()) {
                return false; // not the first reply
            }
        }
        return true;
    }

    private static MessageInfo with(MessageInfo m, String note) {
        return new MessageInfo(m.timeNanos(), m.flowId(), m.from(), m.to(), m.verb(), m.id(), m.size(), m.streamStart(),
                m.streamEnd(), m.digests(), m.states(), m.fate(), m.delivered(), note);
    }

    /** Requests whose reply was sent but never arrived (or never sent at all). */
    private static List<Waiting> waiting(List<MessageInfo> all) {
        List<Waiting> out = new ArrayList<>();
        for (MessageInfo req : all) {
            String replyVerb = null;
            if (req.verb().endsWith("_REQ")) {
                replyVerb = req.verb().substring(0, req.verb().length() - 4) + "_RSP";
            }
            if (replyVerb != null && req.delivered()) {
                MessageInfo reply = null;
                for (MessageInfo m : all) {
                    if (m.verb().equals(replyVerb) && m.id() == req.id() && m.from().equals(req.to())
                            && m.to().equals(req.from())) {
                        reply = m;
                        break;
                    }
                }
                if (reply != null && !reply.delivered()) {
                    out.add(new Waiting(req.from(), req.to(), reply, req, req.from() + " was waiting for " + replyVerb
                            + " (" + String.format("%,d", reply.size()) + " bytes, id " + reply.id() + ") from " + req.to()
                            + ": it " + reply.fate() + "."));
                }
            }
            if ("GOSSIP_DIGEST_SYN".equals(req.verb()) && req.digests() == 0 && req.delivered()) {
                for (MessageInfo m : all) {
                    if (m.note() != null && m.note().startsWith("shadow-round reply") && m.from().equals(req.to())
                            && m.to().equals(req.from()) && m.timeNanos() >= req.timeNanos() && !m.delivered()) {
                        out.add(new Waiting(req.from(), req.to(), m, req, req.from() + " was waiting for the shadow-round"
                                + " reply (GOSSIP_DIGEST_ACK, " + String.format("%,d", m.size()) + " bytes) from " + req.to()
                                + ": it " + m.fate() + "."));
                        break;
                    }
                }
            }
        }
        return out;
    }
}
