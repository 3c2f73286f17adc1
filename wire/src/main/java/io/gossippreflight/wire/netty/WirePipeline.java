package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Framing;
import io.netty.channel.ChannelPipeline;

/** Installs the frame and message codecs after a handler (used by the handshake handlers). */
public final class WirePipeline {
    public static final String FRAME_DECODER = "wireFrameDecoder";
    public static final String MESSAGE_DECODER = "wireMessageDecoder";
    public static final String FRAME_ENCODER = "wireFrameEncoder";
    public static final String MESSAGE_ENCODER = "wireMessageEncoder";
    public static final String LZ4_BLOCK_DECODER = "wireLz4BlockDecoder";
    public static final String LEGACY_MESSAGE_DECODER = "wireLegacyMessageDecoder";
    public static final String LZ4_BLOCK_ENCODER = "wireLz4BlockEncoder";
    public static final String LEGACY_MESSAGE_ENCODER = "wireLegacyMessageEncoder";

    private WirePipeline() {
    }

    public static void installMessaging(ChannelPipeline p, String after, Framing framing, MessagingVersion version,
                                        DecoderLimits limits, ApplicationStateTable table) {
        installMessaging(p, after, framing, version, limits, table, ReceiveBudget.UNLIMITED);
    }

    /** As above, holding incomplete large messages within {@code budget}. */
    public static void installMessaging(ChannelPipeline p, String after, Framing framing, MessagingVersion version,
                                        DecoderLimits limits, ApplicationStateTable table, ReceiveBudget budget) {
        FrameFormat format = FrameFormat.of(framing);
        p.addAfter(after, FRAME_DECODER, new FrameDecoder(format));
        p.addAfter(FRAME_DECODER, MESSAGE_DECODER, new MessageDecoder(version, limits, table, budget));
        p.addAfter(MESSAGE_DECODER, FRAME_ENCODER, new FrameEncoder(format));
        p.addAfter(FRAME_ENCODER, MESSAGE_ENCODER, new MessageEncoder(version));
    }

    /**
     * The sending side only (frame and message encoders), for a connection that reads nothing of
     * its peer: whatever arrives is left to the handlers before {@code after}.
     */
    public static void installOutbound(ChannelPipeline p, String after, Framing framing, MessagingVersion version) {
        FrameFormat format = FrameFormat.of(framing);
        p.addAfter(after, FRAME_ENCODER, new FrameEncoder(format));
        p.addAfter(FRAME_ENCODER, MESSAGE_ENCODER, new MessageEncoder(version));
    }

    /** The pre-4.0 receiving side: [LZ4Block decoder →] unframed message decoder. */
    public static void installLegacyInbound(ChannelPipeline p, String after, boolean compressed, MessagingVersion version,
                                            DecoderLimits limits, ApplicationStateTable table) {
        String prev = after;
        if (compressed) {
            p.addAfter(prev, LZ4_BLOCK_DECODER, new Lz4BlockDecoder());
            prev = LZ4_BLOCK_DECODER;
        }
        p.addAfter(prev, LEGACY_MESSAGE_DECODER, new LegacyMessageDecoder(version, limits, table));
    }

    /** The pre-4.0 sending side: unframed message encoder [→ LZ4Block encoder]. */
    public static void installLegacyOutbound(ChannelPipeline p, String after, boolean compressed, MessagingVersion version) {
        String prev = after;
        if (compressed) {
            p.addAfter(prev, LZ4_BLOCK_ENCODER, new Lz4BlockEncoder());
            prev = LZ4_BLOCK_ENCODER;
        }
        p.addAfter(prev, LEGACY_MESSAGE_ENCODER, new LegacyMessageEncoder(version));
    }
}
