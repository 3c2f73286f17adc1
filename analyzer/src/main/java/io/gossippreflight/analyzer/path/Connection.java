package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One TCP connection and the flows that are its sightings at each capture point. */
public final class Connection {
    private final int id;
    private final List<TcpFlow> sightings = new ArrayList<>();
    /** True where a point guessed client and server the other way round. */
    private final List<Boolean> swapped = new ArrayList<>();

    Connection(int id, TcpFlow first) {
        this.id = id;
        sightings.add(first);
        swapped.add(false);
    }

    void add(TcpFlow f, boolean swap) {
        sightings.add(f);
        swapped.add(swap);
    }

    /** Direction {@code d} (of this connection's orientation) of one of its sightings. */
    public TcpDirection direction(TcpFlow f, int d) {
        int i = sightings.indexOf(f);
        return f.direction(i >= 0 && swapped.get(i) ? 1 - d : d);
    }

    public int id() {
        return id;
    }

    /** Flows at each point, in the order the points were read (see {@link #at(List, int)} for path order). */
    public List<TcpFlow> sightings() {
        return Collections.unmodifiableList(sightings);
    }

    public TcpFlow any() {
        return sightings.get(0);
    }

    /** The sighting at a point, or null. */
    public TcpFlow atPoint(int point) {
        for (TcpFlow f : sightings) {
            if (f.point() == point) {
                return f;
            }
        }
        return null;
    }

    /** Direction {@code d} of the sightings along {@code order} (points without one are skipped). */
    public List<TcpDirection> at(List<Integer> order, int d) {
        List<TcpDirection> out = new ArrayList<>();
        for (int p : order) {
            TcpFlow f = atPoint(p);
            if (f != null) {
                out.add(direction(f, d));
            }
        }
        return out;
    }

    public long firstTime() {
        long t = Long.MAX_VALUE;
        for (TcpFlow f : sightings) {
            t = Math.min(t, f.firstTime());
        }
        return t;
    }

    @Override
    public String toString() {
        return "#" + id + " " + any().client() + " -> " + any().server();
    }
}
