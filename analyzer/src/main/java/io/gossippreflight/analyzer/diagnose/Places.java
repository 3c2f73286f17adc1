package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.analyzer.pass.CapturePoint;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import java.util.ArrayList;
import java.util.Collections;
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

    /** An ICMP still counts as on its way this long after it was seen (as a ping does). */
    static final long ICMP_GRACE_NANOS = 1_000_000_000L;

    /**
     * Where an ICMP that never reached the sender died, followed like a segment along the way
     * back to the sender: "left ga#if2 toward 198.18.1.2 (a), never seen at sga: dropped between ga
     * and sga". Null when no point beyond the last that saw it was capturing then.
     */
    public String icmpLost(IcmpFinding i, String senderName) {
        List<Integer> back = model.order(i.about().reverse());
        if (back.isEmpty()) {
            back = new ArrayList<>(model.order(i.about()));
            Collections.reverse(back);
        }
        int last = -1;
        for (int p : i.seenAt()) {
            last = Math.max(last, back.indexOf(p));
        }
        if (last < 0) {
            return null;
        }
        int lastPoint = back.get(last);
        long t = i.event().timeNanos() - model.offsetToFirst(i.event().point());
        for (int k = last + 1; k < back.size(); k++) {
            int p = back.get(k);
            long theta = model.offsetToFirst(p);
            if (model.pointStart(p) - theta > t || model.pointEnd(p) - theta < t + ICMP_GRACE_NANOS) {
                continue; // not capturing while the ICMP would have passed
            }
            return "left " + point(lastPoint) + " toward " + senderName + ", never seen at " + point(p) + ": dropped "
                    + between(back, lastPoint, p);
        }
        return null;
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
