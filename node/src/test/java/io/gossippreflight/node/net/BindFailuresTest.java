package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gossippreflight.node.NodeEnvironmentException;
import io.gossippreflight.node.NodeInputException;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class BindFailuresTest {
    private static final InetSocketAddress AT = new InetSocketAddress("198.18.1.2", 7000);

    @Test
    void nativeAndJdkErrorsMapToTheSameRemedy() {
        Epoll.ensureAvailability(); // Netty's native errors need its native library loaded, as the transport has it
        RuntimeException inUse = BindFailures.of(new Errors.NativeIoException("bind(..) failed", -98), AT, "x", "listen_address",
                "storage_port");
        assertInstanceOf(NodeEnvironmentException.class, inUse);
        assertEquals(inUse.getMessage(), BindFailures.of(new BindException("Address already in use"), AT, "x",
                "listen_address", "storage_port").getMessage());
        assertInstanceOf(NodeInputException.class, BindFailures.of(new Errors.NativeIoException("bind(..) failed", -99), AT,
                "x", "listen_address", "storage_port"), "not this host's address: the config");
        assertInstanceOf(NodeInputException.class, BindFailures.of(new BindException("Cannot assign requested address"), AT,
                "x", "listen_address", "storage_port"));
        assertEquals("cannot listen on 198.18.1.2:7000 for x: permission denied (ports below 1024 need root or "
                + "CAP_NET_BIND_SERVICE); set storage_port to 1024 or above", BindFailures.of(
                new Errors.NativeIoException("bind(..) failed", -13), AT, "x", "listen_address", "storage_port").getMessage());
    }
}
