package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.analyzer.pass.CapturePoint;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Names hosts and places along a path the way a person reads them. */
public final class Places {
    private final PathModel model;
    private final Map<String, String> hostNames = new HashMap<>();

    public Places(PathModel model) {
        this.model = model;
        for (HostDirection hd : model.directions()) {
            List<Integer> order = model.order(hd);
            if (order.isEmpty()) {
                continue;
            }
            int first = order.get(0);
            String capture = model.point(first).capture();
            boolean single = order.stream().filter(p -> model.point(p).capture().equals(capture)).count() == 1;
            if (single && model.atSender(hd, first) && !model.atSender(hd.reverse(), first)) {
                hostNames.putIfAbsent(hd.src(), capture);
            }
        }
    }

    /** "198.18.1.2 (a)" when a capture was taken on that host, else the address. */
    public String host(String address) {
        String n = hostNames.get(address);
        return n == null ? address : address + " (" + n + ")";
    }

    /** The capture taken on that host, or null. */
    public String captureOf(String address) {
        return hostNames.get(address);
    }

    public String point(int p) {
        return model.point(p).label();
    }

    /**
     * "between ga and gb (ga received it on if2, never forwarded it on if3)", "at ga (...)",
     * "beyond ga (the last capture point towards the receiver)".
     */
    public String between(List<Integer> order, int lastSeen, int next) {
        CapturePoint last = model.point(lastSeen);
        String[] caps = betweenCaptures(order, lastSeen, next);
        String detail = null;
        if (next >= 0) {
            CapturePoint n = model.point(next);
            if (n.capture().equals(last.capture()) && last.ifLabel() != null && n.ifLabel() != null) {
                detail = last.capture() + " received it on " + last.ifLabel() + ", never forwarded it on " + n.ifLabel();
            }
        }
        if (caps[1] != null) {
            return "between " + caps[0] + " and " + caps[1] + (detail == null ? "" : " (" + detail + ")");
        }
        if (detail != null) {
            return "at " + caps[0] + " (" + detail + ")";
        }
        return "beyond " + caps[0] + " (the last capture point towards the receiver)";
    }

    /** Names a router address after the capture where its own packets leave (ICMP it sent). */
    public void router(String address, String capture) {
        hostNames.putIfAbsent(address, capture);
    }

    /** Capture-level pair for machine output: {lastSeen capture, next capture or null}. */
    public String[] betweenCaptures(List<Integer> order, int lastSeen, int next) {
        String last = model.point(lastSeen).capture();
        if (next < 0) {
            return new String[] {last, null};
        }
        int i = order.indexOf(lastSeen);
        for (int k = i + 1; k < order.size(); k++) {
            String c = model.point(order.get(k)).capture();
            if (!c.equals(last)) {
                return new String[] {last, c};
            }
        }
        return new String[] {last, null};
    }
}
