package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the flows of every capture point into connections: same endpoints and ports, and the
 * same initial sequence number when both points saw the SYN (ports get reused), else
 * overlapping in time.
 */
public final class Connections {
    private Connections() {
    }

    private record Key(long cHi, long cLo, int cPort, long sHi, long sLo, int sPort) {
    }

    public static List<Connection> group(List<TcpFlow> flows) {
        Map<Key, List<Connection>> byKey = new HashMap<>();
        List<Connection> all = new ArrayList<>();
        List<TcpFlow> sorted = new ArrayList<>(flows);
        sorted.sort((x, y) -> Long.compare(x.firstTime(), y.firstTime()));
        for (TcpFlow f : sorted) {
            // mid-stream flows may have client/server swapped: look both ways
            Key k = new Key(f.clientHi(), f.clientLo(), f.clientPort(), f.serverHi(), f.serverLo(), f.serverPort());
            Key swapped = new Key(f.serverHi(), f.serverLo(), f.serverPort(), f.clientHi(), f.clientLo(), f.clientPort());
            Connection match = find(byKey.get(k), f, false);
            boolean swap = false;
            if (match == null) {
                match = find(byKey.get(swapped), f, true);
                swap = match != null;
            }
            if (match == null) {
                match = new Connection(all.size(), f);
                all.add(match);
                byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(match);
            } else {
                match.add(f, swap);
            }
        }
        return all;
    }

    private static Connection find(List<Connection> candidates, TcpFlow f, boolean swapped) {
        if (candidates == null) {
            return null;
        }
        for (Connection c : candidates) {
            if (c.atPoint(f.point()) != null) {
                continue; // one sighting per point
            }
            TcpFlow o = c.any();
            if (swapped && f.rolesFromHandshake() && o.rolesFromHandshake()) {
                continue;
            }
            TcpDirection a = f.direction(swapped ? TcpFlow.S2C : TcpFlow.C2S);
            TcpDirection b = o.clientToServer();
            if (a.synSeen() && b.synSeen()) {
                if (a.isn() == b.isn()) {
                    return c;
                }
                continue;
            }
            // no common SYN: accept when the time spans overlap (within a second of slack)
            long slack = 1_000_000_000L;
            if (f.firstTime() <= o.lastTime() + slack && o.firstTime() <= f.lastTime() + slack) {
                return c;
            }
        }
        return null;
    }
}
