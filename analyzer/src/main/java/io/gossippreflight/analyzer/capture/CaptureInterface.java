package io.gossippreflight.analyzer.capture;

/**
 * An interface a capture was taken on: its link type, snaplen, and (pcapng) name.
 *
 * @param id         pcapng interface id (0 for classic pcap)
 * @param linkType   LINKTYPE_ value
 * @param snapLength the snaplen in the header (0 = unlimited)
 * @param name       the pcapng if_name option, or null
 */
public record CaptureInterface(int id, int linkType, int snapLength, String name) {
}
