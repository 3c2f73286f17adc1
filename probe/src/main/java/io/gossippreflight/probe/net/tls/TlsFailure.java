package io.gossippreflight.probe.net.tls;

import io.netty.handler.ssl.NotSslRecordException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a TLS handshake failed, named the way an operator fixes it. Told from what the JDK's TLS
 * engine reports: our own checks of the peer's certificate (PKIX path, names), and the alerts the
 * peer sends (certificate_required, bad_certificate, protocol_version, handshake_failure).
 *
 * @param kind   the class of failure
 * @param detail one line: what happened, and what to change
 */
public record TlsFailure(Kind kind, String detail) {

    /** The ways TLS fails between nodes; none of them is a path problem. */
    public enum Kind {
        /** The peer's certificate does not chain to anything in our truststore. */
        UNTRUSTED_CERTIFICATE("untrusted certificate"),
        /** Its certificate does not name the address we connected to (require_endpoint_verification). */
        CERTIFICATE_NAME_MISMATCH("certificate does not name the peer"),
        /** The peer requires a client certificate and we showed none (require_client_auth). */
        CLIENT_CERTIFICATE_REQUIRED("client certificate required"),
        /** The peer rejected the certificate we showed (not in its truststore). */
        CLIENT_CERTIFICATE_REJECTED("our certificate rejected"),
        /** No protocol version or cipher suite in common. */
        PROTOCOL_MISMATCH("protocol/cipher mismatch"),
        /** The peer answered our ClientHello without TLS: it speaks the plain protocol on this port. */
        PLAIN_PEER("peer does not speak TLS"),
        /** Any other TLS error, with the engine's words. */
        OTHER("TLS error");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The TLS failure in {@code t}'s causes, or null when it holds none (a timeout or a reset is
     * about the path, not TLS).
     *
     * @param peer            the peer, for messages ("198.18.1.2:7000")
     * @param showedCertificate whether we had a certificate to show (decides between "required" and "rejected")
     */
    public static TlsFailure classify(Throwable t, String peer, boolean showedCertificate) {
        boolean sslSeen = false;
        String alert = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotSslRecordException) {
                return new TlsFailure(Kind.PLAIN_PEER, peer + " answered our TLS ClientHello with plain bytes: it speaks "
                        + "the unencrypted internode protocol on this port (its internode_encryption is none, or this "
                        + "is not its TLS port); connect without TLS, or turn encryption on there");
            }
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
                return untrusted(peer, c);
            }
            String m = c.getMessage() == null ? "" : c.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (c instanceof CertificateException && (lower.contains("no subject alternative") || lower.contains("no name matching"))) {
                return new TlsFailure(Kind.CERTIFICATE_NAME_MISMATCH, peer + "'s certificate does not name the address we "
                        + "connected to (" + m + "); give it a subjectAltName with its IP, or turn "
                        + "require_endpoint_verification off");
            }
            if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")) {
                return untrusted(peer, c);
            }
            if (lower.contains("received fatal alert: ")) {
                alert = lower.substring(lower.indexOf("received fatal alert: ") + 22).trim();
            }
            if (c instanceof SSLException) {
                sslSeen = true;
            }
        }
        if (alert != null) {
            return fromAlert(alert, peer, showedCertificate);
        }
        if (sslSeen) {
            String m = InternodeTls.reason(t);
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("no appropriate protocol") || lower.contains("protocol is disabled")
                    || lower.contains("no negotiable cipher") || lower.contains("no cipher suites in common")) {
                return mismatch(peer, m);
            }
            return new TlsFailure(Kind.OTHER, "TLS with " + peer + " failed: " + m);
        }
        return null;
    }

    private static TlsFailure untrusted(String peer, Throwable c) {
        return new TlsFailure(Kind.UNTRUSTED_CERTIFICATE, peer + " showed a certificate our truststore does not trust ("
                + InternodeTls.reason(c) + "); add its CA to the truststore, or skip the check explicitly");
    }

    private static TlsFailure mismatch(String peer, String why) {
        return new TlsFailure(Kind.PROTOCOL_MISMATCH, peer + " and we have no TLS protocol version or cipher suite in "
                + "common (" + why + "); align accepted_protocols and cipher_suites on both sides");
    }

    private static TlsFailure fromAlert(String alert, String peer, boolean showedCertificate) {
        return switch (alert) {
            case "certificate_required" -> new TlsFailure(Kind.CLIENT_CERTIFICATE_REQUIRED, peer + " requires a client "
                    + "certificate (require_client_auth) and we showed none: give our keystore (keystore or --keystore)");
            case "bad_certificate", "unknown_ca", "certificate_unknown", "unsupported_certificate", "certificate_revoked",
                    "certificate_expired", "access_denied" -> showedCertificate
                    ? new TlsFailure(Kind.CLIENT_CERTIFICATE_REJECTED, peer + " rejected our certificate (TLS alert "
                            + alert + "): its truststore must hold our certificate's CA")
                    : new TlsFailure(Kind.CLIENT_CERTIFICATE_REQUIRED, peer + " requires a client certificate "
                            + "(require_client_auth; TLS alert " + alert + ") and we showed none: give our keystore");
            case "protocol_version", "handshake_failure", "insufficient_security" -> mismatch(peer, "TLS alert " + alert);
            default -> new TlsFailure(Kind.OTHER, peer + " ended TLS with alert " + alert);
        };
    }

    @Override
    public String toString() {
        return kind.label() + ": " + detail;
    }
}
