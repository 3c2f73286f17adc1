package io.gossippreflight.node.admin;

/**
 * A node's counters (the admin API's {@code GET /v1/stats}): what it has done and carried since
 * its process started, for benchmarks and monitoring. Differences between two readings give
 * rates; every counter only grows.
 *
 * @param rounds           gossip rounds run
 * @param endpoints        endpoints in gossip, ours included
 * @param live             endpoints considered up, ours included
 * @param messagesSent     internode messages sent
 * @param messageBytesSent their serialized size (messaging version 12, no framing)
 * @param bytesSent        bytes written to internode sockets (frames, handshakes, streaming)
 * @param messagesReceived internode messages received
 * @param bytesReceived    bytes read from internode sockets
 * @param processCpuNanos  CPU time of the whole process (every thread, user + system), -1 when the JVM does not tell
 * @param jitMillis        time the JIT compilers have spent compiling, -1 when unknown (part of the process CPU)
 * @param gcMillis         time spent in garbage collections, as the collectors count it
 * @param uptimeMillis     time since the JVM started
 * @param heapUsedBytes    Java heap in use now (a gauge: it falls after a collection)
 * @param heapMaxBytes     the heap's limit (-Xmx), -1 when unbounded
 * @param inboundConnections     inbound internode connections open now (a gauge)
 * @param inboundHeldBytes       bytes inbound connections hold now for messages not yet complete (a gauge)
 * @param inboundClosedOverLimits inbound connections closed for a limit or malformed bytes, since start
 */
public record NodeStats(
        long rounds,
        int endpoints,
        int live,
        long messagesSent,
        long messageBytesSent,
        long bytesSent,
        long messagesReceived,
        long bytesReceived,
        long processCpuNanos,
        long jitMillis,
        long gcMillis,
        long uptimeMillis,
        long heapUsedBytes,
        long heapMaxBytes,
        int inboundConnections,
        long inboundHeldBytes,
        long inboundClosedOverLimits) {
}
