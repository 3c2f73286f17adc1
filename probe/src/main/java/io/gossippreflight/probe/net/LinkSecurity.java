package io.gossippreflight.probe.net;

import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.probe.net.tls.InternodeTls;
import io.gossippreflight.wire.handshake.Framing;
import java.util.Objects;

/**
 * How the probe's own connections look, as a node of the cluster would open them: TLS or not,
 * CRC or LZ4 frames (our outbound connections; a peer's connections to us carry their own
 * framing in their Initiate), and what our listening port accepts.
 *
 * @param tls      our TLS contexts; null: plain connections
 * @param framing  frames of our outbound connections
 * @param listener what our listening port accepts
 * @param listenerTls the contexts our listening port uses (null when it takes plain connections only)
 */
public record LinkSecurity(InternodeTls tls, Framing framing, InternodePolicy.ListenerTls listener,
        InternodeTls listenerTls) {
    /** Plain CRC frames both ways: Cassandra's defaults. */
    public static final LinkSecurity PLAIN = new LinkSecurity(null, Framing.CRC, InternodePolicy.ListenerTls.NONE, null);

    public LinkSecurity {
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(listener, "listener");
        if (listener != InternodePolicy.ListenerTls.NONE && (listenerTls == null || !listenerTls.canServe())) {
            throw new IllegalArgumentException("a TLS listener needs TLS contexts with a keystore");
        }
    }

    /** Outbound TLS, frames and listener from one set of contexts. */
    public LinkSecurity(InternodeTls tls, Framing framing, InternodePolicy.ListenerTls listener) {
        this(tls, framing, listener, tls);
    }

    /**
     * What a node with these settings opens towards a seed it knows nothing of yet, as Cassandra
     * 5.0.9 does ({@link InternodePolicy}: a peer of unknown datacenter is another datacenter, so
     * {@code dc} modes compress and encrypt too), and what its port accepts.
     *
     * @param verifyPeer false: accept whatever certificate the peer shows
     * @param lenient    our port takes plain and TLS alike whenever we have a keystore (a check listens for
     *                   whatever the target sends back); false: exactly as Cassandra would ({@code probe serve})
     * @throws io.gossippreflight.config.ConfigException a keystore or truststore that cannot be used
     */
    public static LinkSecurity of(InternodePolicy policy, boolean verifyPeer, boolean lenient) {
        var enc = policy.encryption();
        boolean keystore = enc.factoryParameters().containsKey("private_key")
                || (enc.keystore() != null && java.nio.file.Files.exists(java.nio.file.Path.of(enc.keystore())));
        InternodePolicy.ListenerTls listener = lenient
                ? (keystore ? InternodePolicy.ListenerTls.OPTIONAL : InternodePolicy.ListenerTls.NONE)
                : policy.listenerTls(keystore);
        boolean encrypt = policy.encrypts(null, null);
        InternodeTls tls = encrypt || listener != InternodePolicy.ListenerTls.NONE ? InternodeTls.of(enc, verifyPeer) : null;
        if (tls != null && !tls.canServe() && listener != InternodePolicy.ListenerTls.NONE) {
            // no keystore: our port cannot speak TLS; peers that require it will say so
            listener = InternodePolicy.ListenerTls.NONE;
        }
        // a check's port asks no client certificate: the seed's connections back carry what is measured
        InternodeTls listenerTls = lenient && tls != null && enc.requireClientAuth() && listener != InternodePolicy.ListenerTls.NONE
                ? InternodeTls.of(enc, verifyPeer, false) : tls;
        return new LinkSecurity(encrypt ? tls : null, policy.framing(null), listener, listenerTls);
    }

    /**
     * These settings as a 3.x seed applies them: with internode_encryption other than none a 3.x node
     * listens for TLS only, on its ssl_storage_port, and (unless it is all) plain on its storage_port
     * (Cassandra 3.11.19 net/MessagingService.getServerSockets); no port of it takes both, and a
     * keystore without encryption opens none. One port is played: TLS only when our connections
     * encrypt, else plain.
     *
     * @throws IllegalArgumentException encryption without a keystore to listen with
     */
    public LinkSecurity asPre40Seed() {
        if (!encrypts()) {
            return new LinkSecurity(null, framing, InternodePolicy.ListenerTls.NONE, null);
        }
        if (listenerTls == null || !listenerTls.canServe()) {
            throw new IllegalArgumentException("a 3.x seed with internode encryption listens for TLS only (its "
                    + "ssl_storage_port): it needs a keystore");
        }
        return new LinkSecurity(tls, framing, InternodePolicy.ListenerTls.REQUIRED, listenerTls);
    }

    /** Whether our outbound connections use TLS. */
    public boolean encrypts() {
        return tls != null;
    }

    @Override
    public String toString() {
        return framing + " frames" + (tls != null ? ", TLS" + (tls.verifiesPeer() ? "" : " (peer certificate not checked)")
                : "") + ", listener " + listener.name().toLowerCase(java.util.Locale.ROOT);
    }
}
