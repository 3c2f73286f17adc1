package io.gossippreflight.analyzer.pass;

import java.util.ArrayList;
import java.util.List;

/** Numbers the capture points of one analysis as passes discover them. Thread-safe. */
public final class PointRegistry {
    private final List<CapturePoint> points = new ArrayList<>();

    public synchronized int point(String capture, long subKey) {
        for (CapturePoint p : points) {
            if (p.capture().equals(capture) && p.subKey() == subKey) {
                return p.index();
            }
        }
        CapturePoint p = new CapturePoint(points.size(), capture, subKey, null);
        points.add(p);
        return p.index();
    }

    public synchronized CapturePoint get(int index) {
        return points.get(index);
    }

    public synchronized List<CapturePoint> all() {
        return List.copyOf(points);
    }

    public synchronized int size() {
        return points.size();
    }

    /**
     * Adds the points of a pass that used its own registry, in their order, and returns the
     * index the first of them got here: the shift that renumbers that pass'
     * ({@link CaptureResult#shiftPoints}).
     */
    public synchronized int merge(PointRegistry local) {
        int base = points.size();
        for (CapturePoint p : local.all()) {
            int at = point(p.capture(), p.subKey());
            if (at != base + p.index()) {
                throw new IllegalStateException("point " + p + " was already registered");
            }
            label(at, p.ifLabel());
        }
        return base;
    }

    /** Sets a point's interface label once its capture has been read. */
    synchronized void label(int index, String ifLabel) {
        CapturePoint p = points.get(index);
        points.set(index, new CapturePoint(p.index(), p.capture(), p.subKey(), ifLabel));
    }
}
