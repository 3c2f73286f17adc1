package io.gossippreflight.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gossippreflight.config.InternodePolicy.ListenerTls;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Framing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cassandra 5.0.9's choices of framing, TLS and version, as tables (sources named in InternodePolicy). */
class InternodePolicyTest {
    private static ServerEncryption tls(InternodeEncryption mode, Boolean optional) {
        return new ServerEncryption(mode, optional, "conf/.keystore", "pw", null, null, "conf/.truststore", "pw",
                StoreType.JKS, null, List.of(), List.of(), null, false, false, false, ServerEncryption.DEFAULT_FACTORY,
                Map.of());
    }

    private static String nul(String s) {
        return s.equals("-") ? null : s;
    }

    @ParameterizedTest(name = "compression {0}, local {1}, peer {2} -> {3}")
    @CsvSource({
        "NONE, dc1, dc2, CRC",
        "NONE, dc1, -,   CRC",
        "ALL,  dc1, dc1, LZ4",
        "ALL,  dc1, dc2, LZ4",
        "DC,   dc1, dc1, CRC",
        "DC,   dc1, dc2, LZ4",
        // a seed whose DC gossip has not told us yet is another DC (UNKNOWN_DC), as for Cassandra
        "DC,   dc1, -,   LZ4",
        "DC,   -,   dc1, LZ4",
    })
    void framingPerPeer(InternodeCompression c, String local, String peer, Framing expected) {
        InternodePolicy p = new InternodePolicy(c, ServerEncryption.NONE, nul(local), "r1", StorageCompatibilityMode.CASSANDRA_4);
        assertEquals(expected, p.framing(nul(peer)));
    }

    @ParameterizedTest(name = "encryption {0} optional {1}, peer {2}/{3} -> encrypt {4}, require {5}")
    @CsvSource({
        "NONE, -,     dc1, r1, false, false",
        "ALL,  -,     dc1, r1, true,  true",
        "ALL,  true,  dc1, r1, true,  false",
        "ALL,  false, dc2, r1, true,  true",
        "DC,   -,     dc1, r2, false, false",
        "DC,   -,     dc2, r1, true,  true",
        "DC,   -,     -,   -,  true,  true",
        "RACK, -,     dc1, r1, false, false",
        "RACK, -,     dc1, r2, true,  true",
        "RACK, -,     dc2, r1, true,  true",
    })
    void encryptionPerPeer(InternodeEncryption mode, String optional, String peerDc, String peerRack, boolean encrypts,
            boolean requires) {
        Boolean opt = optional.equals("-") ? null : Boolean.valueOf(optional);
        InternodePolicy p = new InternodePolicy(InternodeCompression.NONE, tls(mode, opt), "dc1", "r1",
                StorageCompatibilityMode.CASSANDRA_4);
        assertEquals(encrypts, p.encrypts(nul(peerDc), nul(peerRack)));
        assertEquals(requires, p.requiresTlsFrom(nul(peerDc), nul(peerRack)));
    }

    @ParameterizedTest(name = "encryption {0} optional {1} keystore {2} -> {3}")
    @CsvSource({
        "NONE, -,     false, NONE",
        // a keystore without encryption: Cassandra accepts TLS too, to allow a later switch
        "NONE, -,     true,  OPTIONAL",
        "ALL,  -,     true,  REQUIRED",
        "ALL,  true,  true,  OPTIONAL",
        "ALL,  false, true,  REQUIRED",
        "DC,   -,     true,  OPTIONAL",
        "DC,   false, true,  OPTIONAL",
        "RACK, -,     true,  OPTIONAL",
    })
    void whatTheListenerAccepts(InternodeEncryption mode, String optional, boolean keystore, ListenerTls expected) {
        Boolean opt = optional.equals("-") ? null : Boolean.valueOf(optional);
        InternodePolicy p = InternodePolicy.DEFAULTS.withEncryption(tls(mode, opt));
        assertEquals(expected, p.listenerTls(keystore));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CASSANDRA_4, V12", "UPGRADING, V13", "NONE, V13"})
    void messagingVersionByStorageCompatibilityMode(StorageCompatibilityMode mode, MessagingVersion expected) {
        InternodePolicy p = InternodePolicy.DEFAULTS.withMode(mode);
        assertEquals(expected, p.currentVersion());
        assertEquals(MessagingVersion.V12, p.minimumVersion());
    }
}
