package io.gossippreflight.analyzer.pass;

/**
 * A place packets were observed: one capture, or one interface of a capture taken on several
 * ({@code tcpdump -i any} on a router, multi-interface pcapng). Points are ordered along a
 * path to say where a packet died.
 *
 * @param index     position in the analysis' point list
 * @param capture   the capture's name (as given, {@code a=file}, or derived from the file name)
 * @param subKey    -1 for the whole capture, else the interface (Linux cooked ifindex or pcapng id)
 * @param ifLabel   interface description for humans ("if 2", "eth0"), or null
 */
public record CapturePoint(int index, String capture, long subKey, String ifLabel) {
    /** "a", or "ga#if2" for one interface of a capture. */
    public String label() {
        return ifLabel == null ? capture : capture + "#" + ifLabel;
    }

    @Override
    public String toString() {
        return label();
    }
}
