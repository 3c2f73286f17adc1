package io.gossippreflight.config;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Framing;
import java.util.Objects;

/**
 * How this node's internode connections to one peer look, decided as Cassandra 5.0.9 decides it
 * from cassandra.yaml and the peer's place: compression (LZ4 frames or CRC frames), TLS, and the
 * messaging versions offered. Pure: the caller says where the peer is (its DC and RACK from
 * gossip, or null while unknown).
 *
 * <p>A peer whose datacenter is not known yet counts as another datacenter: Cassandra 5.0.9's
 * GossipingPropertyFileSnitch names it UNKNOWN_DC, so {@code internode_compression: dc} compresses
 * and {@code internode_encryption: dc} encrypts the first connections to a seed
 * (net/OutboundConnectionSettings.isInLocalDC, config/EncryptionOptions.shouldEncrypt).
 *
 * @param compression internode_compression
 * @param encryption  server_encryption_options
 * @param localDc     this node's datacenter (null: unknown, then only {@code all} modes apply)
 * @param localRack   this node's rack (null: unknown)
 * @param mode        storage_compatibility_mode
 */
public record InternodePolicy(InternodeCompression compression, ServerEncryption encryption, String localDc,
        String localRack, StorageCompatibilityMode mode) {

    /** Cassandra 5.0.9's defaults: no compression, no TLS, datacenter1/rack1, messaging version 12. */
    public static final InternodePolicy DEFAULTS = new InternodePolicy(InternodeCompression.NONE, ServerEncryption.NONE,
            "datacenter1", "rack1", StorageCompatibilityMode.CASSANDRA_4);

    public InternodePolicy {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(mode, "mode");
    }

    /** The policy of a whole configuration. */
    public static InternodePolicy of(CassandraConfig c) {
        return new InternodePolicy(c.internodeCompression(), c.encryption(), c.snitch().dc(), c.snitch().rack(),
                c.storageCompatibilityMode());
    }

    public InternodePolicy withCompression(InternodeCompression c) {
        return new InternodePolicy(c, encryption, localDc, localRack, mode);
    }

    public InternodePolicy withEncryption(ServerEncryption e) {
        return new InternodePolicy(compression, e, localDc, localRack, mode);
    }

    public InternodePolicy withMode(StorageCompatibilityMode m) {
        return new InternodePolicy(compression, encryption, localDc, localRack, m);
    }

    /**
     * The framing of a messaging connection to a peer in {@code peerDc} (Cassandra 5.0.9
     * OutboundConnectionSettings.framing / shouldCompressConnection): LZ4 with {@code all}, or with
     * {@code dc} when the peer is not known to share our datacenter; CRC otherwise.
     */
    public Framing framing(String peerDc) {
        return switch (compression) {
            case ALL -> Framing.LZ4;
            case DC -> sameDc(peerDc) ? Framing.CRC : Framing.LZ4;
            case NONE -> Framing.CRC;
        };
    }

    /**
     * Whether connections to a peer at {@code peerDc}/{@code peerRack} use TLS (Cassandra 5.0.9
     * ServerEncryptionOptions.shouldEncrypt): always with {@code all}, outside our dc with
     * {@code dc}, outside our rack with {@code rack}.
     */
    public boolean encrypts(String peerDc, String peerRack) {
        return switch (encryption.internodeEncryption()) {
            case NONE -> false;
            case ALL -> true;
            case DC -> !sameDc(peerDc);
            case RACK -> !(sameDc(peerDc) && localRack != null && localRack.equals(peerRack));
        };
    }

    /**
     * Whether an inbound connection from this peer must be TLS (Cassandra 5.0.9
     * InboundConnectionInitiator.isEncryptionRequired): only when {@code optional} is not set
     * true explicitly and the peer is one we would encrypt to. A plain Initiate from such a peer
     * is refused.
     */
    public boolean requiresTlsFrom(String peerDc, String peerRack) {
        return !Boolean.TRUE.equals(encryption.optional()) && encrypts(peerDc, peerRack);
    }

    /**
     * What the listening port accepts (Cassandra 5.0.9 EncryptionOptions.tlsEncryptionPolicy):
     * TLS only, plain only, or both (a TLS ClientHello is told from a plain Initiate by its first bytes).
     *
     * @param keystoreExists whether the keystore file exists (Cassandra's optional default depends on it)
     */
    public ListenerTls listenerTls(boolean keystoreExists) {
        if (encryption.acceptsPlain(keystoreExists)) {
            return ListenerTls.OPTIONAL; // Cassandra's isOptional: set, or a keystore without encryption, or dc/rack
        }
        return encryption.enabled() ? ListenerTls.REQUIRED : ListenerTls.NONE;
    }

    /** The highest messaging version we offer and use: 12, or 13 unless storage_compatibility_mode is CASSANDRA_4. */
    public MessagingVersion currentVersion() {
        return MessagingVersion.of(mode.messagingVersion());
    }

    /** The lowest version a 5.0 node accepts (Cassandra 5.0.9 MessagingService.minimum_version). */
    public MessagingVersion minimumVersion() {
        return MessagingVersion.V12;
    }

    private boolean sameDc(String peerDc) {
        return peerDc != null && peerDc.equals(localDc);
    }

    /** What a listening port accepts. */
    public enum ListenerTls {
        /** Plain connections only; a TLS ClientHello is closed. */
        NONE,
        /** TLS and plain on one port, told apart by the first bytes (plain then only from peers not required to use TLS). */
        OPTIONAL,
        /** TLS only. */
        REQUIRED
    }
}
