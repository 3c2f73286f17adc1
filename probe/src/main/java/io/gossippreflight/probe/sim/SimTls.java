package io.gossippreflight.probe.sim;

import io.gossippreflight.time.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Whether a simulated port answers a TLS ClientHello with a handshake record, as {@code TlsProbe} asks. */
final class SimTls {
    private SimTls() {
    }

    static CompletableFuture<Boolean> ask(SimHost us, Scheduler loop, InetSocketAddress target, Duration timeout) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        TcpSocket[] sock = new TcpSocket[1];
        sock[0] = TcpSocket.connect(us, new InetSocketAddress(us.address(), us.ephemeralPort()), target, 0, loop,
                new TcpSocket.Owner() {
                    @Override
                    public void onEstablished(TcpSocket s) {
                        s.write(SimListener.TLS_CLIENT_HELLO.length, SimListener.TLS_CLIENT_HELLO);
                    }

                    @Override
                    public void onItem(Object item) {
                        answer.complete(item instanceof byte[] b && b.length > 0 && b[0] == 22);
                        sock[0].close();
                    }

                    @Override
                    public void onClosed(boolean refused) {
                        answer.complete(false);
                    }
                });
        loop.schedule(timeout, () -> {
            answer.complete(false);
            sock[0].close();
        });
        return answer;
    }
}
