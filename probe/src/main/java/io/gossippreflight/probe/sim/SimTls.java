package io.gossippreflight.probe.sim;

import io.gossippreflight.time.Scheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * TLS in the simulation: whether a port answers a ClientHello with a handshake record, as
 * {@code TlsProbe} asks; and a TLS seed's flights as sizes on the wire. A connection opens with our
 * ClientHello ({@link Hello}); the seed answers with its flight ({@link ServerFlight}: its
 * certificates on a full handshake, a few hundred bytes when the client resumes a session it left
 * before); after our Initiate it sends its session tickets ({@link Tickets}) and then its Accept, so
 * a hole towards us that swallows them holds the Accept up. Our own flights are small (no client
 * certificate is modelled) and cross: what {@code OutboundLink}'s DF-clear handshake achieves on IPv4.
 */
final class SimTls {
    /** Bytes of our ClientHello, with a session to resume or without. */
    static final int HELLO_BYTES = 400;
    static final int RESUMING_HELLO_BYTES = 700;
    /** The seed's answer to a ClientHello that resumes: ServerHello, EncryptedExtensions, Finished. */
    static final int RESUMED_ANSWER_BYTES = 245;

    /** Our ClientHello; {@code resume}: it carries a session the seed left under its key before. */
    record Hello(boolean resume) {
    }

    /** The seed's answer to the ClientHello. */
    record ServerFlight(boolean resumed) {
    }

    /** The seed's session tickets, sent once TLS completed. */
    record Tickets() {
    }

    /** A seed's TLS: its full handshake's answer and its session tickets, in bytes. */
    record Seed(int fullAnswerBytes, int ticketBytes) {
    }

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
