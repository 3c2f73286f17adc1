package io.gossippreflight.probe.net.tls;

import io.gossippreflight.config.ConfigException;
import io.gossippreflight.config.ConfigFiles;
import io.gossippreflight.config.ServerEncryption;
import io.gossippreflight.config.StoreType;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for internode connections, from server_encryption_options, as Cassandra 5.0.9 builds it
 * (security/AbstractSslContextFactory.createNettySslContext, FileBasedSslContextFactory,
 * PEMBasedSslContextFactory): the JDK provider; the keystore (or outbound_keystore) as our
 * certificate; the truststore to verify the peer; require_client_auth on the listening side;
 * require_endpoint_verification checking the peer's certificate names its address (HTTPS rules,
 * net/SocketFactory.newSslHandler); accepted_protocols / protocol and cipher_suites as given.
 * Keystores are JKS, PKCS12 or PEM (a file holding the private key and its chain; inline
 * private_key / trusted_certificates parameters too). Files are read whole, bounded.
 */
public final class InternodeTls {
    /** Keystores and certificate files above this size are refused: they are never this big. */
    public static final int MAX_STORE_BYTES = 1 << 20;

    private final ServerEncryption enc;
    private final SslContext client;
    private final SslContext server;
    private final boolean verifiesPeer;
    private final boolean asksClientCertificates;

    private InternodeTls(ServerEncryption enc, SslContext client, SslContext server, boolean verifiesPeer,
            boolean asksClientCertificates) {
        this.enc = enc;
        this.client = client;
        this.server = server;
        this.verifiesPeer = verifiesPeer;
        this.asksClientCertificates = asksClientCertificates;
    }

    /**
     * Contexts for {@code enc}. A keystore that does not exist leaves us without a certificate
     * (the client side then has none to show; a listening side cannot be built: {@link #canServe()}).
     *
     * @param verifyPeer false accepts whatever certificate the peer shows (an explicit choice of the user)
     * @throws ConfigException a store that cannot be read or opened, named with its key and the fix
     */
    public static InternodeTls of(ServerEncryption enc, boolean verifyPeer) {
        return of(enc, verifyPeer, enc.requireClientAuth());
    }

    /**
     * As above; {@code askClientCertificates} false lets the listening side take peers without a
     * certificate whatever require_client_auth says (a check's own port: the connections the seed
     * opens back to it are what is measured, and a client certificate flight towards us would be lost
     * in the black hole being measured).
     */
    public static InternodeTls of(ServerEncryption enc, boolean verifyPeer, boolean askClientCertificates) {
        Objects.requireNonNull(enc, "enc");
        KeyMaterial inbound = keyMaterial(enc, false);
        KeyMaterial outbound = enc.outboundKeystore() != null ? keyMaterial(enc, true) : inbound;
        TrustManagerFactory trust = verifyPeer ? trust(enc, true) : InsecureTrustManagerFactory.INSTANCE;
        try {
            SslContextBuilder c = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(trust);
            if (outbound != null) {
                outbound.apply(c);
            }
            SslContext server = null;
            if (inbound != null) {
                SslContextBuilder s = inbound.forServer().sslProvider(SslProvider.JDK)
                        .clientAuth(askClientCertificates ? ClientAuth.REQUIRE : ClientAuth.NONE);
                TrustManagerFactory serverTrust = verifyPeer ? trust(enc, askClientCertificates) : trust;
                if (serverTrust != null) {
                    s.trustManager(serverTrust);
                }
                server = restrict(s, enc).build();
            }
            return new InternodeTls(enc, restrict(c, enc).build(), server, verifyPeer, askClientCertificates);
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("server_encryption_options: cannot set up TLS: " + reason(e)
                    + "; check protocol, accepted_protocols and cipher_suites");
        }
    }

    /** Whether this side has a certificate to listen with (a keystore). */
    public boolean canServe() {
        return server != null;
    }

    /** Whether the peer's certificate is checked against the truststore. */
    public boolean verifiesPeer() {
        return verifiesPeer;
    }

    public ServerEncryption settings() {
        return enc;
    }

    /** A handler for a connection we open to {@code peer}. */
    public SslHandler clientHandler(ByteBufAllocator alloc, InetSocketAddress peer) {
        return clientHandler(alloc, peer, -1);
    }

    /**
     * As above, the session kept under {@code sessionKey} instead of the peer's port (negative: the
     * port). The JDK's TLS client keeps one resumable session per host and port and uses each once,
     * so connections opened at the same time each need a key of their own to resume.
     */
    public SslHandler clientHandler(ByteBufAllocator alloc, InetSocketAddress peer, int sessionKey) {
        SslHandler h = client.newHandler(alloc, peer.getHostString(), sessionKey < 0 ? peer.getPort() : sessionKey);
        if (enc.requireEndpointVerification() && verifiesPeer) {
            SSLEngine engine = h.engine();
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(p);
        }
        return h;
    }

    /** A handler for a connection accepted from {@code peer}; only when {@link #canServe()}. */
    public SslHandler serverHandler(ByteBufAllocator alloc, InetSocketAddress peer) {
        if (server == null) {
            throw new IllegalStateException("no keystore to listen with TLS");
        }
        if (!enc.requireEndpointVerification() || !asksClientCertificates) {
            return server.newHandler(alloc);
        }
        SslHandler h = server.newHandler(alloc, peer.getHostString(), peer.getPort());
        SSLEngine engine = h.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        return h;
    }

    private static SslContextBuilder restrict(SslContextBuilder b, ServerEncryption enc) {
        List<String> protocols = protocols(enc);
        if (protocols != null) {
            b.protocols(protocols);
        }
        if (!enc.cipherSuites().isEmpty()) {
            b.ciphers(enc.cipherSuites());
        }
        return b;
    }

    /** Cassandra 5.0.9 AbstractSslContextFactory.getAcceptedProtocols; null: the JDK's defaults. */
    static List<String> protocols(ServerEncryption enc) {
        String protocol = enc.protocol();
        List<String> accepted = enc.acceptedProtocols();
        if (accepted.isEmpty()) {
            return protocol == null || protocol.equalsIgnoreCase("TLS") ? null : List.of(protocol);
        }
        if (protocol != null && !protocol.equalsIgnoreCase("TLS") && accepted.stream().noneMatch(protocol::equalsIgnoreCase)) {
            List<String> out = new java.util.ArrayList<>(accepted);
            out.add(protocol);
            return out;
        }
        return accepted;
    }

    /** Our certificate and key, as a builder needs them. */
    private interface KeyMaterial {
        void apply(SslContextBuilder clientBuilder);

        SslContextBuilder forServer();
    }

    private static KeyMaterial keyMaterial(ServerEncryption enc, boolean outbound) {
        String key = outbound ? "outbound_keystore" : "keystore";
        String file = outbound ? enc.outboundKeystore() : enc.keystore();
        String password = outbound && enc.outboundKeystorePassword() != null ? enc.outboundKeystorePassword()
                : enc.keystorePassword();
        if (enc.storeType() == StoreType.PEM) {
            String inline = enc.factoryParameters().get(outbound ? "outbound_private_key" : "private_key");
            if (inline == null && outbound) {
                inline = enc.factoryParameters().get("private_key");
            }
            String keyPassword = enc.factoryParameters().getOrDefault(outbound ? "outbound_private_key_password"
                    : "private_key_password", password);
            byte[] pem = inline != null ? inline.getBytes(StandardCharsets.US_ASCII)
                    : file == null || !Files.exists(Path.of(file)) ? null : read(file, key);
            if (pem == null) {
                return null;
            }
            return new KeyMaterial() {
                @Override
                public void apply(SslContextBuilder b) {
                    b.keyManager(new ByteArrayInputStream(pem), new ByteArrayInputStream(pem), keyPassword);
                }

                @Override
                public SslContextBuilder forServer() {
                    return SslContextBuilder.forServer(new ByteArrayInputStream(pem), new ByteArrayInputStream(pem),
                            keyPassword);
                }
            };
        }
        if (file == null || !Files.exists(Path.of(file))) {
            return null;
        }
        KeyStore ks = load(file, key, enc.storeType(), password, key + "_password");
        KeyManagerFactory kmf;
        try {
            kmf = KeyManagerFactory.getInstance(enc.algorithm() != null ? enc.algorithm()
                    : KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password == null ? new char[0] : password.toCharArray());
        } catch (Exception e) {
            throw new ConfigException("server_encryption_options." + key + " " + file + ": cannot use its key ("
                    + reason(e) + "); the key's password must be " + key + "_password");
        }
        return new KeyMaterial() {
            @Override
            public void apply(SslContextBuilder b) {
                b.keyManager(kmf);
            }

            @Override
            public SslContextBuilder forServer() {
                return SslContextBuilder.forServer(kmf);
            }
        };
    }

    /**
     * The trust managers of the truststore (or trusted_certificates); null when there is none and
     * {@code required} is false.
     */
    private static TrustManagerFactory trust(ServerEncryption enc, boolean required) {
        String file = enc.truststore();
        try {
            if (enc.storeType() == StoreType.PEM) {
                String inline = enc.factoryParameters().get("trusted_certificates");
                byte[] pem = inline != null ? inline.getBytes(StandardCharsets.US_ASCII)
                        : file != null && Files.exists(Path.of(file)) ? read(file, "truststore") : null;
                if (pem == null) {
                    return missingTruststore(file, required);
                }
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                int n = 0;
                for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(pem))) {
                    ks.setCertificateEntry("ca" + n++, c);
                }
                if (n == 0) {
                    throw new ConfigException("server_encryption_options.truststore " + file
                            + ": no certificate in it; a PEM truststore holds -----BEGIN CERTIFICATE----- blocks");
                }
                return trustOf(ks, enc);
            }
            if (file == null || !Files.exists(Path.of(file))) {
                return missingTruststore(file, required);
            }
            return trustOf(load(file, "truststore", enc.storeType(), enc.truststorePassword(), "truststore_password"), enc);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException("server_encryption_options.truststore " + file + ": " + reason(e));
        }
    }

    private static TrustManagerFactory missingTruststore(String file, boolean required) {
        if (!required) {
            return null;
        }
        throw new ConfigException("server_encryption_options.truststore " + file + ": no such file; the peer's certificate "
                + "is checked against it: give the truststore (--truststore), or skip the check explicitly");
    }

    private static TrustManagerFactory trustOf(KeyStore ks, ServerEncryption enc) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(enc.algorithm() != null ? enc.algorithm()
                : TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    private static byte[] read(String file, String key) {
        try {
            return ConfigFiles.readBytes(Path.of(file), "server_encryption_options." + key, MAX_STORE_BYTES);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException("server_encryption_options." + key + " '" + file + "' is not a path");
        }
    }

    private static KeyStore load(String file, String key, StoreType type, String password, String passwordKey) {
        byte[] bytes = read(file, key);
        try {
            KeyStore ks = KeyStore.getInstance(type.name());
            ks.load(new ByteArrayInputStream(bytes), password == null || password.isEmpty() ? null : password.toCharArray());
            return ks;
        } catch (java.io.IOException e) {
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password");
            throw new ConfigException("server_encryption_options." + key + " " + file + ": "
                    + (wrongPassword ? "wrong password (" + passwordKey + ")"
                    : "not a " + type + " store (" + reason(e) + "); set store_type to its format (JKS, PKCS12, PEM)"));
        } catch (Exception e) {
            throw new ConfigException("server_encryption_options." + key + " " + file + ": " + reason(e));
        }
    }

    static String reason(Throwable e) {
        String m = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                m = c.getMessage();
            }
        }
        return m != null ? m : e.getClass().getSimpleName();
    }
}
