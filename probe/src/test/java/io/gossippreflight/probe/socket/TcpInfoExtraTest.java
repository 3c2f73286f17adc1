package io.gossippreflight.probe.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TcpInfoExtraTest {
    @Test
    void readsTheFieldsAtTheirOffsets() {
        ByteBuffer b = ByteBuffer.allocate(232).order(ByteOrder.nativeOrder());
        b.putInt(216, 3);
        b.putInt(224, 7);
        assertEquals(new TcpInfoExtra(7, 3), TcpInfoExtra.parse(b));
    }

    @Test
    void aShortStructFromAnOldKernelIsNothingSeen() {
        assertEquals(TcpInfoExtra.NONE, TcpInfoExtra.parse(ByteBuffer.allocate(104)));
    }
}
