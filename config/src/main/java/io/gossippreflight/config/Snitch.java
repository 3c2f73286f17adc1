package io.gossippreflight.config;

/**
 * The snitch and where this node sits. dc and rack travel in gossip (DC, RACK states) and decide
 * whether a peer gets TLS or compression ({@code dc}/{@code rack} modes).
 *
 * @param className   the snitch's full class name
 * @param dc          this node's datacenter, null when only the running snitch can know it (cloud metadata)
 * @param rack        this node's rack, null likewise
 * @param preferLocal cassandra-rackdc.properties prefer_local (reconnect to same-dc peers on their private address)
 * @param origin      where dc and rack came from, for messages
 */
public record Snitch(String className, String dc, String rack, boolean preferLocal, String origin) {
    public static final String PACKAGE = "org.apache.cassandra.locator.";

    /** The short name (SimpleSnitch) for messages. */
    public String shortName() {
        return className.startsWith(PACKAGE) ? className.substring(PACKAGE.length()) : className;
    }

    /** Whether dc and rack are known without asking a cloud metadata service. */
    public boolean placementKnown() {
        return dc != null && rack != null;
    }
}
