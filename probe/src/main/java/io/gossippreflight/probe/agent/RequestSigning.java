package io.gossippreflight.probe.agent;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a request to an agent is signed: HMAC-SHA256 with the mesh's shared secret over the method,
 * the path, the time it was made, a nonce and the SHA-256 of the body, one per line. The time and
 * the nonce travel in their own headers, the signature in {@code Authorization}; the agent
 * refuses a time outside its replay window and a nonce it has seen in it.
 */
public final class RequestSigning {
    public static final String TIME_HEADER = "X-Preflight-Time";
    public static final String NONCE_HEADER = "X-Preflight-Nonce";
    public static final String SCHEME = "Preflight-HMAC-SHA256";
    /** A shared secret shorter than this is refused: 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;
    /** Nonces are 16 random bytes, hex. */
    public static final int NONCE_HEX_CHARS = 32;

    private RequestSigning() {
    }

    /** The text the signature covers. */
    static byte[] canonical(String method, String path, long timeMillis, String nonce, byte[] body) {
        String bodyHash;
        try {
            bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return (method + "\n" + path + "\n" + timeMillis + "\n" + nonce + "\n" + bodyHash).getBytes(StandardCharsets.UTF_8);
    }

    /** The signature, base64. */
    public static String sign(byte[] secret, String method, String path, long timeMillis, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical(method, path, timeMillis, nonce, body)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** True when {@code signature} (base64) is the one {@code secret} gives, compared in constant time. */
    static boolean matches(byte[] secret, String method, String path, long timeMillis, String nonce, byte[] body,
            String signature) {
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(sign(secret, method, path, timeMillis, nonce, body));
        return MessageDigest.isEqual(expected, given);
    }
}
