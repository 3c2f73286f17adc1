package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a transport while a message waits behind a connection still opening (a graceful
 * stop's GOSSIP_SHUTDOWN to a peer we were reconnecting to): the message goes out before the
 * connection closes, within a bound; closing at once (a crash) drops it. The peer is reached
 * through a relay that holds the connection's bytes until the test lets them through, so the
 * internode handshake is still under way when the transport closes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyTransportCloseTest {
    private final List<NettyTransport> transports = new ArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        transports.forEach(NettyTransport::closeNow);
        for (AutoCloseable c : closers) {
            c.close();
        }
    }

    private NettyTransport transport(Transport.Receiver receiver) {
        NettyTransport t = new NettyTransport(InetAddressAndPort.parse("127.0.0.1", LoopbackNodes.freePort()),
                NodeLog.NONE, NettyTransport.Options.DEFAULTS);
        transports.add(t);
        t.start(receiver);
        return t;
    }

    /**
     * A TCP relay on loopback to {@code to}: accepts at once (the kernel completes the TCP
     * handshake) but copies no byte either way until {@code open} counts down.
     */
    private int heldRelay(InetAddressAndPort to, CountDownLatch open) throws IOException {
        ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        closers.add(server);
        Thread t = new Thread(() -> {
            try (Socket in = server.accept()) {
                open.await();
                try (Socket out = new Socket(to.address(), to.port())) {
                    Thread back = new Thread(() -> copy(out, in), "relay-back");
                    back.setDaemon(true);
                    back.start();
                    copy(in, out);
                    back.join(5_000);
                }
            } catch (IOException | InterruptedException e) {
                // the test ends the relay by closing it
            }
        }, "relay");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream i = from.getInputStream();
            OutputStream o = to.getOutputStream();
            byte[] b = new byte[8192];
            for (int n; (n = i.read(b)) >= 0; ) {
                o.write(b, 0, n);
                o.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    private static Message shutdownMessage() {
        return Message.gossip(7, System.currentTimeMillis(), GossipShutdown.EMPTY);
    }

    /** Sends a shutdown through a held relay, closes {@code how}, and returns what the peer received within 3 s. */
    private Message sendThenClose(boolean graceful) throws Exception {
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        NettyTransport peer = transport((from, m) -> got.add(m));
        NettyTransport us = transport((from, m) -> { });
        CountDownLatch open = new CountDownLatch(1);
        int relay = heldRelay(peer.localAddress(), open);
        us.send(InetAddressAndPort.parse("127.0.0.1", relay), shutdownMessage());
        // the relay lets the handshake through only once the transport is closing (closed to new messages)
        CompletableFuture<Void> closing = CompletableFuture.runAsync(graceful ? us::close : us::closeNow);
        while (!us.isClosed() && !closing.isDone()) {
            Thread.onSpinWait();
        }
        open.countDown();
        closing.get(10, TimeUnit.SECONDS);
        return got.poll(3, TimeUnit.SECONDS);
    }

    @Test
    void aGracefulCloseLetsAMessageQueuedBehindAnOpeningConnectionGoOut() throws Exception {
        Message m = sendThenClose(true);
        assertTrue(m != null, "the peer got nothing");
        assertEquals(Verb.GOSSIP_SHUTDOWN, m.verb());
    }

    @Test
    void closingAtOnceDropsIt() throws Exception {
        assertFalse(sendThenClose(false) != null, "a crash sends nothing");
    }
}
