package io.gossippreflight.probe.socket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Reads this host's view of a path: the route (through {@code ip route get}, the tool people use
 * to check it), interface MTUs from sysfs and the TCP settings that matter for black holes.
 * Failures give empty values, never exceptions: these are observations, not requirements.
 */
public final class HostNetwork {
    private static final long IP_TIMEOUT_MS = 2_000;

    private HostNetwork() {
    }

    /** The route to {@code destination} (an IP literal). */
    public static RouteInfo route(String destination) {
        String out = run(List.of("ip", "route", "get", destination));
        RouteInfo r = RouteInfo.parse(out, OptionalInt.empty());
        return r.device() == null ? r : r.withInterfaceMtu(interfaceMtu(r.device()));
    }

    /** An interface's MTU from /sys/class/net. */
    public static OptionalInt interfaceMtu(String device) {
        if (device == null || device.contains("/") || device.contains("..")) {
            return OptionalInt.empty();
        }
        return readInt(Path.of("/sys/class/net", device, "mtu"));
    }

    /** net.ipv4.tcp_mtu_probing: 0 off, 1 after a black hole is suspected, 2 always. */
    public static OptionalInt tcpMtuProbing() {
        return readInt(Path.of("/proc/sys/net/ipv4/tcp_mtu_probing"));
    }

    private static OptionalInt readInt(Path p) {
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(p).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(IP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
