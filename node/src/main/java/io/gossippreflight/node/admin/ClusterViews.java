package io.gossippreflight.node.admin;

import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.gossip.EndpointTable;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.node.gossip.Status;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.Token;
import io.gossippreflight.wire.gossip.Tokens;
import io.gossippreflight.wire.gossip.VersionedValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link ClusterView} from a node's gossip state; call on the node's loop. */
public final class ClusterViews {
    private static final BigInteger RING = BigInteger.ONE.shiftLeft(64);

    private ClusterViews() {
    }

    public static ClusterView of(GossipNode node, String snitch, List<String> warnings) {
        EndpointTable t = node.gossiper().endpoints();
        InetAddressAndPort self = node.address();
        Map<InetAddressAndPort, PeerState> all = t.snapshot();
        Map<InetAddressAndPort, List<Long>> tokens = new LinkedHashMap<>();
        all.forEach((ep, p) -> {
            if (t.isRingMember(ep) || Status.isBootstrapping(p.statusValue())) {
                tokens.put(ep, tokensOf(p));
            }
        });
        Map<InetAddressAndPort, Double> owns = ownership(tokens);
        List<String> live = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<ClusterView.Endpoint> endpoints = new ArrayList<>();
        Map<String, List<String>> schemas = new TreeMap<>();
        Map<String, List<String>> releases = new TreeMap<>();
        for (Map.Entry<InetAddressAndPort, PeerState> e : all.entrySet()) {
            InetAddressAndPort ep = e.getKey();
            PeerState p = e.getValue();
            String addr = ep.toString();
            boolean up = ep.equals(self) ? node.gossiper().isEnabled() : t.live().contains(ep);
            boolean down = !ep.equals(self) && t.unreachable().containsKey(ep);
            if (up) {
                live.add(addr);
            } else if (down) {
                unreachable.add(addr);
            }
            String schema = p.value(ApplicationState.SCHEMA);
            if (up && schema != null) {
                schemas.computeIfAbsent(schema, k -> new ArrayList<>()).add(addr);
            } else if (down) {
                schemas.computeIfAbsent(ClusterView.UNREACHABLE, k -> new ArrayList<>()).add(addr);
            }
            String release = p.value(ApplicationState.RELEASE_VERSION);
            if (release != null) {
                releases.computeIfAbsent(release, k -> new ArrayList<>()).add(addr);
            }
            endpoints.add(endpoint(ep, p, up, down, tokens, owns));
        }
        // UNREACHABLE last, as an operator scans for it
        List<String> u = schemas.remove(ClusterView.UNREACHABLE);
        if (u != null) {
            schemas.put(ClusterView.UNREACHABLE, u);
        }
        return new ClusterView(node.gossiper().config().clusterName(), node.gossiper().config().partitioner(), snitch,
                self.toString(), node.mode().name(), node.progress(), endpoints, live, unreachable,
                new LinkedHashMap<>(schemas), releases, List.copyOf(warnings));
    }

    private static ClusterView.Endpoint endpoint(InetAddressAndPort ep, PeerState p, boolean up, boolean down,
            Map<InetAddressAndPort, List<Long>> tokens, Map<InetAddressAndPort, Double> owns) {
        String name = p.status();
        String state = switch (name) {
            case Status.BOOT, Status.BOOT_REPLACE -> "J";
            case Status.LEAVING, Status.REMOVING -> "L";
            case Status.MOVING -> "M";
            default -> "N";
        };
        List<ClusterView.StateLine> lines = new ArrayList<>();
        int tokensVersion = -1;
        for (Map.Entry<ApplicationState, VersionedValue> s : p.state().states().entrySet()) {
            if (s.getKey() == ApplicationState.TOKENS) {
                tokensVersion = s.getValue().version();
            } else {
                lines.add(new ClusterView.StateLine(s.getKey().name(), s.getValue().version(), s.getValue().value()));
            }
        }
        List<Long> ts = tokens.get(ep);
        return new ClusterView.Endpoint(ep.toString(), ts != null, up ? "U" : down ? "D" : "?", state,
                p.statusValue() == null ? "" : p.statusValue(), p.value(ApplicationState.DC), p.value(ApplicationState.RACK),
                p.value(ApplicationState.LOAD), ts == null ? 0 : ts.size(), owns.get(ep),
                p.value(ApplicationState.HOST_ID), p.generation(), p.state().heartBeat().version(), lines, tokensVersion);
    }

    /** Murmur3 tokens from TOKENS, else the one in the status value. */
    static List<Long> tokensOf(PeerState p) {
        VersionedValue v = p.state().get(ApplicationState.TOKENS);
        List<Long> out = new ArrayList<>();
        if (v != null) {
            try {
                for (Token t : Tokens.fromValue(v.value())) {
                    if (t.isMurmur3()) {
                        out.add(t.murmur3Value());
                    }
                }
            } catch (RuntimeException malformed) {
                out.clear();
            }
        }
        if (out.isEmpty()) {
            List<String> pieces = Status.pieces(p.statusValue());
            if (pieces.size() >= 2) {
                try {
                    out.add(Long.parseLong(pieces.get(1)));
                } catch (NumberFormatException notAToken) {
                    // no token known
                }
            }
        }
        return out;
    }

    /** Share of the Murmur3 ring each endpoint owns: token t owns (previous token, t]. */
    static Map<InetAddressAndPort, Double> ownership(Map<InetAddressAndPort, List<Long>> tokens) {
        TreeMap<Long, InetAddressAndPort> ring = new TreeMap<>();
        tokens.forEach((ep, ts) -> ts.forEach(t -> ring.put(t, ep)));
        Map<InetAddressAndPort, Double> owns = new HashMap<>();
        if (ring.isEmpty()) {
            return owns;
        }
        if (ring.size() == 1) {
            owns.put(ring.firstEntry().getValue(), 1.0);
            return owns;
        }
        long previous = ring.lastKey();
        for (Map.Entry<Long, InetAddressAndPort> e : ring.entrySet()) {
            BigInteger size = BigInteger.valueOf(e.getKey()).subtract(BigInteger.valueOf(previous)).mod(RING);
            owns.merge(e.getValue(), size.doubleValue() / RING.doubleValue(), Double::sum);
            previous = e.getKey();
        }
        return owns;
    }
}
