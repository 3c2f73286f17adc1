package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Framing;
import io.netty.channel.ChannelPipeline;

/** Installs the frame and message codecs after a handler (used by both handshake handlers). */
public final class WirePipeline {
    public static final String FRAME_DECODER = "wireFrameDecoder";
    public static final String MESSAGE_DECODER = "wireMessageDecoder";
    public static final String FRAME_ENCODER = "wireFrameEncoder";
    public static final String MESSAGE_ENCODER = "wireMessageEncoder";

    private WirePipeline() {
    }

    public static void installMessaging(ChannelPipeline p, String after, Framing framing, MessagingVersion version,
                                        DecoderLimits limits, ApplicationStateTable table) {
        FrameFormat format = FrameFormat.of(framing);
        p.addAfter(after, FRAME_DECODER, new FrameDecoder(format));
        p.addAfter(FRAME_DECODER, MESSAGE_DECODER, new MessageDecoder(version, limits, table));
        p.addAfter(MESSAGE_DECODER, FRAME_ENCODER, new FrameEncoder(format));
        p.addAfter(FRAME_ENCODER, MESSAGE_ENCODER, new MessageEncoder(version));
    }
}
