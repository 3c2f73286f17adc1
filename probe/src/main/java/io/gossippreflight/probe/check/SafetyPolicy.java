package io.gossippreflight.probe.check;

import io.gossippreflight.probe.plan.DocumentationAddresses;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;

/**
 * What may be sent to a target that is not our responder: only messages that leave a real
 * node's gossip state as it was — SCHEMA_PULL_REQ (answered with the schema, read only: Cassandra 5.0.9
 * schema/DefaultSchemaUpdateHandler), ECHO_REQ (answered and forgotten, Cassandra 5.0.9
 * service/EchoVerbHandler.java), the shadow-round SYN (no digests), and SYNs whose digests name
 * only documentation addresses (the node merely asks about them back), padded at most by a
 * parameter of a type the node skips unread. Never an ACK or ACK2
 * carrying states, never our own endpoint. Checked before every send; a violation is a bug.
 */
public final class SafetyPolicy {
    private SafetyPolicy() {
    }

    /** Throws when {@code m} must not go to a target of this kind. */
    public static void check(Message m, TargetKind kind) {
        if (kind == TargetKind.RESPONDER) {
            return;
        }
        String why = reason(m);
        if (why != null) {
            throw new IllegalStateException("refusing to send " + m.verbName() + " to a real node: " + why);
        }
    }

    /** Why {@code m} is unsafe for a real node, or null when it is safe. */
    public static String reason(Message m) {
        Verb v = m.verb();
        if (v == Verb.ECHO_REQ || v == Verb.SCHEMA_PULL_REQ) {
            return null;
        }
        if (v != Verb.GOSSIP_DIGEST_SYN || !(m.payload() instanceof GossipDigestSyn syn)) {
            return "only ECHO_REQ, SCHEMA_PULL_REQ and GOSSIP_DIGEST_SYN are sent to real nodes";
        }
        for (io.gossippreflight.wire.message.Param p : m.params()) {
            if (p.type() != io.gossippreflight.wire.message.Padding.PARAM_TYPE) {
                return "parameter type " + p.type() + " is not our padding";
            }
        }
        for (GossipDigest d : syn.digests()) {
            if (!DocumentationAddresses.isDocumentation(d.endpoint())) {
                return "digest names " + d.endpoint() + ", not a documentation address";
            }
        }
        return null;
    }
}
