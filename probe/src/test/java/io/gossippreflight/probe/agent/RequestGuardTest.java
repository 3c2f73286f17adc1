package io.gossippreflight.probe.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gossippreflight.probe.agent.RequestGuard.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestGuardTest {
    private static final byte[] SECRET = "a shared secret of the mesh".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"targets\":[\"198.18.2.2:7000\"]}".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_800_000_000_000L;
    private final RequestGuard guard = new RequestGuard(SECRET, new RequestGuard.Limits(30_000, 100, 3, 10_000));

    private static String nonce(int i) {
        return String.format("%032x", i);
    }

    private Outcome send(byte[] secret, long time, String nonce, byte[] body, long now) {
        return guard.admit("POST", "/v1/check", body, Long.toString(time), nonce,
                RequestSigning.SCHEME + " " + RequestSigning.sign(secret, "POST", "/v1/check", time, nonce, body), now);
    }

    @Test
    void aSignedFreshRequestIsAdmittedOnce() {
        assertEquals(Outcome.OK, send(SECRET, NOW, nonce(1), BODY, NOW));
        assertEquals(Outcome.REPLAYED, send(SECRET, NOW, nonce(1), BODY, NOW + 1_000));
    }

    @Test
    void unsignedWrongSecretAlteredAndStaleAreRefused() {
        assertEquals(Outcome.UNSIGNED, guard.admit("POST", "/v1/check", BODY, null, null, null, NOW));
        assertEquals(Outcome.UNSIGNED, guard.admit("POST", "/v1/check", BODY, Long.toString(NOW), nonce(2), "Bearer x", NOW));
        assertEquals(Outcome.UNSIGNED, guard.admit("POST", "/v1/check", BODY, Long.toString(NOW), "short",
                RequestSigning.SCHEME + " AAAA", NOW));
        assertEquals(Outcome.BAD_SIGNATURE, send("another secret, not ours".getBytes(StandardCharsets.UTF_8), NOW,
                nonce(3), BODY, NOW));
        // signed for one body, sent with another: another target smuggled in
        String sig = RequestSigning.sign(SECRET, "POST", "/v1/check", NOW, nonce(4), BODY);
        assertEquals(Outcome.BAD_SIGNATURE, guard.admit("POST", "/v1/check", "{\"targets\":[\"10.0.0.1:22\"]}"
                .getBytes(StandardCharsets.UTF_8), Long.toString(NOW), nonce(4), RequestSigning.SCHEME + " " + sig, NOW));
        assertEquals(Outcome.BAD_SIGNATURE, guard.admit("POST", "/v1/other", BODY, Long.toString(NOW), nonce(4),
                RequestSigning.SCHEME + " " + sig, NOW));
        assertEquals(Outcome.STALE, send(SECRET, NOW - 31_000, nonce(5), BODY, NOW));
        assertEquals(Outcome.STALE, send(SECRET, NOW + 31_000, nonce(6), BODY, NOW));
        assertEquals(Outcome.OK, send(SECRET, NOW - 29_000, nonce(7), BODY, NOW));
    }

    @Test
    void aReplayOutsideTheWindowIsStaleAndTheNonceIsForgottenThen() {
        assertEquals(Outcome.OK, send(SECRET, NOW, nonce(1), BODY, NOW));
        assertEquals(Outcome.REPLAYED, send(SECRET, NOW, nonce(1), BODY, NOW + 30_000));
        assertEquals(Outcome.STALE, send(SECRET, NOW, nonce(1), BODY, NOW + 30_001));
    }

    @Test
    void aFloodIsRefusedBeyondTheBurstAndTheRateComesBack() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.OK, send(SECRET, NOW, nonce(10 + i), BODY, NOW));
        }
        assertEquals(Outcome.FLOOD, send(SECRET, NOW, nonce(20), BODY, NOW));
        assertEquals(Outcome.FLOOD, send(SECRET, NOW + 9_000, nonce(21), BODY, NOW + 9_000));
        assertEquals(Outcome.OK, send(SECRET, NOW + 10_000, nonce(22), BODY, NOW + 10_000));
    }

    @Test
    void theNonceMemoryIsBounded() {
        RequestGuard g = new RequestGuard(SECRET, new RequestGuard.Limits(30_000, 2, 100, 1));
        for (int i = 0; i < 2; i++) {
            String n = nonce(i);
            assertEquals(Outcome.OK, g.admit("POST", "/v1/check", BODY, Long.toString(NOW), n, RequestSigning.SCHEME + " "
                    + RequestSigning.sign(SECRET, "POST", "/v1/check", NOW, n, BODY), NOW + i));
        }
        String n = nonce(9);
        assertEquals(Outcome.FLOOD, g.admit("POST", "/v1/check", BODY, Long.toString(NOW), n, RequestSigning.SCHEME + " "
                + RequestSigning.sign(SECRET, "POST", "/v1/check", NOW, n, BODY), NOW + 5));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RequestGuard(new byte[8], RequestGuard.Limits.DEFAULTS));
    }
}
