package io.gossippreflight.probe.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Param;
import io.gossippreflight.wire.message.Verb;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponderReportTest {
    @Test
    void travelsInAMessageParameterAndBack() {
        ResponderReport r = new ResponderReport(9001, "eth0", 8961, 1382, 1422, 8961, 3);
        Message m = new Message(5, 0, 10_000, Verb.ECHO_RSP.id(), 0, List.of(r.toParam()), NoPayload.INSTANCE);
        ByteBuf b = Unpooled.buffer();
        MessageSerializer.serialize(m, b, MessagingVersion.V12);
        Message back = MessageSerializer.deserialize(WireInput.of(b, io.gossippreflight.wire.DecoderLimits.DEFAULT, null),
                MessagingVersion.V12);
        assertEquals(Optional.of(r), ResponderReport.from(back));
    }

    @Test
    void aVersionOneReportFromAnOlderResponderIsReadWithoutALossCount() {
        byte[] name = "eth0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 1 + 5 * 4 + 1 + name.length);
        b.putInt(0x47505052).put((byte) 1).putInt(9001).putInt(8961).putInt(1382).putInt(1422).putInt(8961)
                .put((byte) name.length).put(name);
        assertEquals(Optional.of(new ResponderReport(9001, "eth0", 8961, 1382, 1422, 8961, 0)),
                ResponderReport.parse(b.array()));
    }

    @Test
    void anythingElseIsNoReport() {
        Message plain = new Message(5, 0, 10_000, Verb.ECHO_RSP, NoPayload.INSTANCE);
        assertTrue(ResponderReport.from(plain).isEmpty());
        byte[] truncated = java.util.Arrays.copyOf(new ResponderReport(1, "x", 2, 3, 4, 5).toParam().value(), 20);
        Message bad = new Message(5, 0, 10_000, Verb.ECHO_RSP.id(), 0,
                List.of(new Param(ResponderReport.PARAM_TYPE, truncated)), NoPayload.INSTANCE);
        assertTrue(ResponderReport.from(bad).isEmpty());
        byte[] longName = new ResponderReport(1, "x", 2, 3, 4, 5).toParam().value();
        longName[longName.length - 2] = (byte) 200; // a name length past the bytes there are
        assertTrue(ResponderReport.parse(longName).isEmpty());
    }
}
