package io.gossippreflight.analyzer.capture;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** A stream of captured frames: a capture file or a live interface. */
public interface PacketSource extends Closeable {
    /**
     * Fills {@code into} with the next frame.
     *
     * @return false at the end of the capture
     * @throws CaptureFormatException when the input is malformed at this point
     */
    boolean next(RawPacket into) throws IOException;

    /** The name used in reports (file name or interface). */
    String name();

    /** Describes the interfaces seen so far (one for classic pcap and live captures). */
    List<CaptureInterface> interfaces();

    /** "pcap", "pcap-ns", "pcapng", "live"... */
    String format();

    @Override
    void close() throws IOException;
}
