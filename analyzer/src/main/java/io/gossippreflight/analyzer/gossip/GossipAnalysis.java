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
    /** Messages, notes for people, the replies that never arrived, and gossip a peer ignored. */
    public record Result(List<MessageInfo> messages, List<String> notes, List<Waiting> waiting, List<Ignored> ignored) {
    }

    /**
     * SYNs that reached a peer which never answered with an ACK: Cassandra drops a SYN whose
     * cluster name or partitioner differs from its own (gms/GossipDigestSynVerbHandler).
     *
     * @param theirCluster the cluster name in the peer's own SYNs, when captured, else null
     */
    public record Ignored(String from, String to, int syns, String ourCluster, String ourPartitioner,
            String theirCluster, String theirPartitioner, String text) {
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
                        fate = "was not delivered by the end of the capture";
                        for (LossInfo l : losses) {
                            if (l.flowId() == c.id() && l.from().equals(from) && l.start() < m.end() && l.end() > m.start()) {
                                fate = "died " + l.between();
                                break;
                            }
                        }
                    }
                    out.add(new MessageInfo(m.timeNanos() - model.offsetToFirst(dirs.get(0).flow().point()), c.id(), from,
                            to, m.verb(), m.id(), m.size(), m.start(), m.end(), m.digests(), m.states(), fate, !lost,
                            null, m.clusterName(), m.partitioner(), m.payloadError()));
                }
                if (decoded.gaveUp() != null) {
                    notes.add("connection #" + c.id() + " " + from + " -> " + to + ": message decoding stopped at byte "
                            + String.format("%,d", decoded.gaveUpAt()) + ": " + decoded.gaveUp()
                            + "; the messages before it are listed, and segment fates do not depend on it");
                } else if (decoded.desyncs() > 0 || decoded.malformed() > 0) {
                    notes.add("connection #" + c.id() + " " + from + " -> " + to + ": the decoder lost its place "
                            + decoded.desyncs() + " time(s)" + (decoded.malformed() > 0 ? ", " + decoded.malformed()
                            + " malformed structure(s), the first: " + decoded.firstMalformed() : ""));
                }
            }
        }
        out.sort(Comparator.comparingLong(MessageInfo::timeNanos));
        List<MessageInfo> annotated = annotate(out);
        List<Waiting> waiting = waiting(annotated);
        for (Waiting w : waiting) {
            notes.add(0, w.text());
        }
        List<Ignored> ignored = ignored(annotated);
        for (Ignored i : ignored) {
            notes.add(0, i.text());
        }
        return new Result(annotated, notes, waiting, ignored);
    }

    /**
     * Marks the shadow round and the schema pull. A shadow-round reply is the first ACK back
     * to a node after its empty-digest SYN (one pass, tracking each pair of hosts).
     */
    private static List<MessageInfo> annotate(List<MessageInfo> in) {
        List<MessageInfo> out = new ArrayList<>(in.size());
        java.util.Set<String> awaitingReply = new java.util.HashSet<>();
        for (MessageInfo m : in) {
            String note = null;
            if (!m.payloadDecoded()) {
                note = "payload not decoded: " + m.payloadError();
            } else if ("GOSSIP_DIGEST_SYN".equals(m.verb()) && m.digests() == 0) {
                note = "shadow round: empty-digest SYN (a node starting up asks for the whole cluster state)";
                awaitingReply.add(m.to() + ">" + m.from());
            } else if ("GOSSIP_DIGEST_ACK".equals(m.verb()) && awaitingReply.remove(m.from() + ">" + m.to())
                    && m.digests() == 0) {
                note = m.states() == 0 ? "shadow-round reply, empty (the seed is in its own shadow round)"
                        : "shadow-round reply: the whole cluster state (" + m.states()
                        + (m.states() == 1 ? " endpoint)" : " endpoints)");
            } else if ("SCHEMA_PULL_REQ".equals(m.verb())) {
                note = "schema pull: the joining node asks for the schema";
            } else if ("SCHEMA_PULL_RSP".equals(m.verb())) {
                note = "schema pull reply: the schema the joining node needs";
            }
            out.add(note == null ? m : with(m, note));
        }
        return out;
    }

    private static MessageInfo with(MessageInfo m, String note) {
        return new MessageInfo(m.timeNanos(), m.flowId(), m.from(), m.to(), m.verb(), m.id(), m.size(), m.streamStart(),
                m.streamEnd(), m.digests(), m.states(), m.fate(), m.delivered(), note, m.clusterName(), m.partitioner(),
                m.payloadError());
    }

    /** Peers that received SYNs and never answered any with an ACK. */
    static List<Ignored> ignored(List<MessageInfo> all) {
        Map<String, int[]> synsAndAcks = new java.util.LinkedHashMap<>();
        Map<String, MessageInfo> lastSyn = new java.util.HashMap<>();
        Map<String, MessageInfo> anySynFrom = new java.util.HashMap<>();
        for (MessageInfo m : all) {
            if (!m.payloadDecoded()) {
                continue; // its cluster name and partitioner are unknown
            }
            if ("GOSSIP_DIGEST_SYN".equals(m.verb())) {
                anySynFrom.putIfAbsent(m.from(), m);
                if (m.delivered()) {
                    synsAndAcks.computeIfAbsent(m.from() + "\n" + m.to(), k -> new int[2])[0]++;
                    lastSyn.put(m.from() + "\n" + m.to(), m);
                }
            } else if ("GOSSIP_DIGEST_ACK".equals(m.verb())) {
                synsAndAcks.computeIfAbsent(m.to() + "\n" + m.from(), k -> new int[2])[1]++;
            }
        }
        List<Ignored> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : synsAndAcks.entrySet()) {
            if (e.getValue()[0] < 2 || e.getValue()[1] > 0) {
                continue;
            }
            String[] ft = e.getKey().split("\n");
            MessageInfo ours = lastSyn.get(e.getKey());
            MessageInfo theirs = anySynFrom.get(ft[1]);
            String why;
            if (theirs != null && !java.util.Objects.equals(theirs.clusterName(), ours.clusterName())) {
                why = "cluster name '" + ours.clusterName() + "' vs '" + theirs.clusterName() + "'";
            } else if (theirs != null && !java.util.Objects.equals(theirs.partitioner(), ours.partitioner())) {
                why = "partitioner " + ours.partitioner() + " vs " + theirs.partitioner();
            } else if (theirs == null) {
                why = "its own SYNs were not captured; check cluster_name and partitioner (ours: '" + ours.clusterName()
                        + "', " + ours.partitioner() + ")";
            } else {
                continue; // same cluster and partitioner: not a mismatch (the peer may be busy or stopping)
            }
            out.add(new Ignored(ft[0], ft[1], e.getValue()[0], ours.clusterName(), ours.partitioner(),
                    theirs == null ? null : theirs.clusterName(), theirs == null ? null : theirs.partitioner(),
                    ft[1] + " received " + e.getValue()[0] + " gossip SYNs from " + ft[0] + " and answered none: " + why
                            + "."));
        }
        return out;
    }

    /** Requests whose reply was sent but never arrived. */
    private static List<Waiting> waiting(List<MessageInfo> all) {
        List<Waiting> out = new ArrayList<>();
        java.util.Map<String, MessageInfo> replies = new java.util.HashMap<>();
        List<MessageInfo> shadowReplies = new ArrayList<>();
        for (MessageInfo m : all) {
            if (m.verb().endsWith("_RSP")) {
                replies.putIfAbsent(m.verb() + "/" + m.id() + "/" + m.from() + ">" + m.to(), m);
            }
            if (m.note() != null && m.note().startsWith("shadow-round reply")) {
                shadowReplies.add(m);
            }
        }
        for (MessageInfo req : all) {
            String replyVerb = null;
            if (req.verb().endsWith("_REQ")) {
                replyVerb = req.verb().substring(0, req.verb().length() - 4) + "_RSP";
            }
            if (replyVerb != null && req.delivered()) {
                MessageInfo reply = replies.get(replyVerb + "/" + req.id() + "/" + req.to() + ">" + req.from());
                if (reply != null && !reply.delivered()) {
                    out.add(new Waiting(req.from(), req.to(), reply, req, req.from() + " was waiting for " + replyVerb
                            + " (" + String.format("%,d", reply.size()) + " bytes, id " + reply.id() + ") from " + req.to()
                            + ": it " + reply.fate() + "."));
                }
            }
            if ("GOSSIP_DIGEST_SYN".equals(req.verb()) && req.digests() == 0 && req.delivered()) {
                for (MessageInfo m : shadowReplies) {
                    if (m.from().equals(req.to())
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
