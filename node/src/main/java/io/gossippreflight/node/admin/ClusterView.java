package io.gossippreflight.node.admin;

import java.util.List;
import java.util.Map;

/**
 * Everything the nodetool-style commands show, as one node sees it, in a JSON-friendly shape
 * (the admin API's answer). Addresses are {@code ip:port}; lists are in display order.
 *
 * @param endpoints      every endpoint in gossip (ours included), in the order gossipinfo prints them
 * @param live           endpoints considered up, ours included (Cassandra getLiveMembers)
 * @param unreachable    endpoints considered down
 * @param schemaVersions SCHEMA value → live endpoints with it; unreachable ones under "UNREACHABLE"
 * @param releaseVersions RELEASE_VERSION → endpoints
 * @param warnings       things an operator must know (e.g. an MSS clamp in force)
 */
public record ClusterView(
        String clusterName,
        String partitioner,
        String snitch,
        String localAddress,
        String mode,
        String progress,
        List<Endpoint> endpoints,
        List<String> live,
        List<String> unreachable,
        Map<String, List<String>> schemaVersions,
        Map<String, List<String>> releaseVersions,
        List<String> warnings) {

    public static final String UNREACHABLE = "UNREACHABLE";

    /**
     * One endpoint.
     *
     * @param ringMember owns tokens or is joining (shown by status)
     * @param status     "U", "D" or "?" (neither, e.g. LEFT)
     * @param state      "N", "L", "J" or "M"
     * @param owns       fraction of the token ring (0..1), null when not a ring member
     * @param states     every application state except TOKENS, in ordinal order
     * @param tokensVersion version of the TOKENS state, or -1 when absent
     */
    public record Endpoint(
            String address,
            boolean ringMember,
            String status,
            String state,
            String gossipStatus,
            String dc,
            String rack,
            String load,
            int tokens,
            Double owns,
            String hostId,
            int generation,
            int heartbeat,
            List<StateLine> states,
            int tokensVersion) {
    }

    /** One {@code NAME:version:value} line of gossipinfo. */
    public record StateLine(String name, int version, String value) {
    }
}
