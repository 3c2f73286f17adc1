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
        ResponderReport r = new ResponderReport(9001, "eth0", 8961, 1382, 1422, 8961, 3, 9001);
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
    void aVersionTwoReportIsReadWithoutAnAcceptTimePathMtu() {
        byte[] name = "eth0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 1 + 6 * 4 + 1 + name.length);
        b.putInt(0x47505052).put((byte) 2).putInt(9001).putInt(8961).putInt(1382).putInt(1422).putInt(8961).putInt(4)
                .put((byte) name.length).put(name);
        ResponderReport r = ResponderReport.parse(b.array()).orElseThrow();
        assertEquals(new ResponderReport(9001, "eth0", 8961, 1382, 1422, 8961, 4, 0), r);
        assertEquals(java.util.OptionalInt.of(1422), r.heldAtAccept(), "no accept-time value: the answer's is taken");
        b.put(4, (byte) 9); // a version from a newer responder than this checker knows
        assertTrue(ResponderReport.parse(b.array()).isEmpty());
    }

    /**
     * Held before the check is what the responder's kernel held as it accepted our first connection,
     * not what its answering connection shows by the time it answers (the check's own ICMP may have
     * taught it by then: CI, stop 26, vpn-lossy).
     */
    @Test
    void heldBeforeTheCheckIsTheAcceptTimePathMtu() {
        assertEquals(java.util.OptionalInt.empty(),
                new ResponderReport(9001, "eth0", 8961, 8961, 1422, 8961, 0, 9001).heldAtAccept());
        assertEquals(java.util.OptionalInt.of(1400),
                new ResponderReport(9001, "eth0", 8961, 8961, 1400, 8961, 0, 1400).heldAtAccept());
        assertEquals(java.util.OptionalInt.empty(),
                new ResponderReport(65_536, "lo", 65_483, 65_483, 65_536, 65_483, 0, 65_536).heldAtAccept(),
                "loopback's 65,536 is no learned value");
        assertEquals(1400, new ResponderReport(9001, "eth0", 8961, 8961, 9001, 8961, 0, 1400)
                .withLowerPmtuOf(null).acceptPmtu());
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
    /**
     * A lossy run in CI: the shadow ACK's connection showed path MTU 1422, the last ECHO's answer went on
     * a connection that had carried only small messages and still showed 9001; the check read only the last
     * report and lost its ICMP evidence (target → us became RANDOM_LOSS instead of PMTUD_WORKS 1422).
     */
    @Test
    void aLaterReportOnAConnectionThatSentNothingBigKeepsThePathMtuAnEarlierOneShowed() {
        ResponderReport shadow = new ResponderReport(9001, "eth0", 8961, 8961, 1422, 8961, 0);
        ResponderReport last = new ResponderReport(9001, "eth0", 8961, 8961, 9001, 8961, 5);
        ResponderReport merged = last.withLowerPmtuOf(shadow);
        assertEquals(1422, merged.replyPmtu());
        assertEquals(5, merged.lossRetrans(), "everything else is the later report's");
        assertTrue(merged.belowInterfaceMtu());
        assertEquals(last, last.withLowerPmtuOf(null));
        ResponderReport lower = new ResponderReport(9001, "eth0", 8961, 8961, 1400, 8961, 0);
        assertEquals(1400, lower.withLowerPmtuOf(shadow).replyPmtu(), "a lower later value wins");
        ResponderReport unknown = new ResponderReport(9001, "eth0", 8961, 8961, 0, 8961, 0);
        assertEquals(1422, unknown.withLowerPmtuOf(shadow).replyPmtu(), "no value later keeps the earlier one");
        assertEquals(1422, shadow.withLowerPmtuOf(unknown).replyPmtu());
    }
}
