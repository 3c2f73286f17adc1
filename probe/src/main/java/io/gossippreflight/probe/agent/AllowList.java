package io.gossippreflight.probe.agent;

import io.gossippreflight.probe.check.TargetSpec;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The hosts an agent may be asked to check: the mesh's own, given to the agent at start. A request
 * naming anything else runs nothing. Compared by address and port as resolved at start, so a name
 * that later resolves elsewhere cannot widen it.
 */
public final class AllowList {
    private final Set<InetSocketAddress> allowed;

    public AllowList(List<TargetSpec> hosts) {
        Set<InetSocketAddress> s = new LinkedHashSet<>();
        for (TargetSpec t : hosts) {
            s.add(t.resolve());
        }
        this.allowed = Set.copyOf(s);
    }

    /** The first target not allowed (as given), or null when every one is. Names are never looked up here. */
    public String firstRefused(List<String> targets) {
        for (String t : targets) {
            TargetSpec spec;
            try {
                spec = TargetSpec.parse(t, TargetSpec.DEFAULT_PORT);
            } catch (RuntimeException e) {
                return t;
            }
            if (!io.netty.util.NetUtil.isValidIpV4Address(spec.host()) && !io.netty.util.NetUtil.isValidIpV6Address(spec.host())) {
                return t; // an IP literal only: a name would make the agent ask DNS for a requester
            }
            if (!allowed.contains(spec.resolve())) {
                return t;
            }
        }
        return null;
    }

    public int size() {
        return allowed.size();
    }
}
