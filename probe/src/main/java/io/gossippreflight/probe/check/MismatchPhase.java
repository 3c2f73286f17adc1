package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The SYN was ignored though the target talks to us: find which setting differs. Each other
 * partitioner gets its own lane (a listener at the safe MSS), so an answer names it; an ECHO after
 * each SYN tells when a lane's SYN was ignored too.
 */
final class MismatchPhase {
    static final List<String> PARTITIONERS = List.of("org.apache.cassandra.dht.Murmur3Partitioner",
            "org.apache.cassandra.dht.RandomPartitioner", "org.apache.cassandra.dht.ByteOrderedPartitioner",
            "org.apache.cassandra.dht.OrderPreservingPartitioner");

    private MismatchPhase() {
    }

    static CompletableFuture<ConnectPhase.Stopped> run(CheckEnv env, TargetKind kind) {
        List<String> others = new ArrayList<>(PARTITIONERS);
        others.remove(env.options().partitioner());
        env.say("the shadow-round SYN was ignored although ECHO works: cluster_name or partitioner mismatch; trying "
                + "the other partitioners");
        CompletableFuture<String> answered = new CompletableFuture<>();
        List<Listener> lanes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        int[] ignoredCount = {0};
        for (String p : others) {
            boolean[] decided = {false};
            env.net().listen(new InetSocketAddress(env.local(), 0), env.safeMss(), env.options().acceptMinVersion(),
                    env.options().maxVersion(), (c, m, at, tcp) -> {
                        // the first answer on this lane decides: an ACK, or the ECHO the SYN was ignored before
                        if (decided[0]) {
                            return;
                        }
                        if (m.verb() == Verb.GOSSIP_DIGEST_ACK) {
                            decided[0] = true;
                            answered.complete(p);
                        } else if (m.verb() == Verb.ECHO_RSP) {
                            decided[0] = true;
                            if (++ignoredCount[0] == others.size()) {
                                answered.complete(null);
                            }
                        }
                    }).thenCompose(lane -> {
                        lanes.add(lane);
                        return env.net().connect(new Link.Spec(env.target(), env.local(), Endpoints.of(lane.localAddress()),
                                ConnectionType.URGENT_MESSAGES, env.safeMss(), env.options().timeouts().connect(),
                                env.options().minVersion(), env.options().maxVersion()));
                    }).thenAccept(l -> {
                        links.add(l);
                        Message syn = Message.gossip(env.nextId(), env.millisNow(), new GossipDigestSyn(
                                env.options().clusterName(), p, List.of()));
                        SafetyPolicy.check(syn, kind);
                        l.send(syn);
                        l.send(new Message(env.nextId(), env.millisNow(), Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ,
                                NoPayload.INSTANCE));
                    });
        }
        env.schedule(ShadowPhase.WAIT, () -> answered.complete(null));
        return answered.thenApply(partitioner -> {
            lanes.forEach(Listener::close);
            links.forEach(Link::close);
            String why;
            if (partitioner != null) {
                why = "partitioner mismatch: " + env.label() + " ignores SYNs naming " + env.options().partitioner()
                        + " but answers " + partitioner + ": set partitioner to " + partitioner;
            } else {
                why = "cluster_name mismatch: " + env.label() + " ignores SYNs of cluster '" + env.options().clusterName()
                        + "' with every common partitioner: use the cluster_name the cluster has (--cluster-name, "
                        + "or cluster_name in cassandra.yaml)";
            }
            env.say(why);
            return new ConnectPhase.Stopped(PathStatus.MISMATCH, why);
        });
    }
}
