package io.gossippreflight.probe.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides whether a signed request may run, in order: signed with the shared secret, made within
 * the replay window, its nonce never seen in it, and within the rate (a token bucket). Pure but
 * for its memory of nonces and tokens: time is given to each call. Not thread-safe: the agent
 * calls it from one thread.
 */
public final class RequestGuard {
    /** Why a request was refused, or OK. */
    public enum Outcome {
        OK(200, "ok"),
        UNSIGNED(401, "the request is not signed: the mesh signs with the shared secret (--token-file)"),
        BAD_SIGNATURE(401, "the signature does not match: not made with this agent's shared secret, or altered"),
        STALE(401, "the request's time is outside the replay window: check the clocks of both hosts"),
        REPLAYED(401, "the request's nonce was already used: a replayed request"),
        FLOOD(429, "too many requests: the agent runs a few checks a minute");

        private final int status;
        private final String reason;

        Outcome(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * @param windowMillis a request's time may be this far from the agent's, either way
     * @param maxNonces nonces remembered at most (their window's worth); a request beyond is a flood
     * @param burst requests allowed at once
     * @param refillMillis one more request allowed after each of these
     */
    public record Limits(long windowMillis, int maxNonces, int burst, long refillMillis) {
        public static final Limits DEFAULTS = new Limits(30_000, 4096, 4, 15_000);
    }

    private record Seen(String nonce, long expiresMillis) {
    }

    private final byte[] secret;
    private final Limits limits;
    private final Set<String> nonces = new HashSet<>();
    private final Deque<Seen> order = new ArrayDeque<>();
    private double tokens;
    private long lastRefillMillis = Long.MIN_VALUE;

    public RequestGuard(byte[] secret, Limits limits) {
        if (secret.length < RequestSigning.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the shared secret has " + secret.length + " bytes; at least "
                    + RequestSigning.MIN_SECRET_BYTES + " are needed");
        }
        this.secret = secret.clone();
        this.limits = limits;
        this.tokens = limits.burst();
    }

    /**
     * @param time the request's time header, or null
     * @param nonce its nonce header, or null
     * @param authorization its Authorization header, or null
     */
    public Outcome admit(String method, String path, byte[] body, String time, String nonce, String authorization,
            long nowMillis) {
        if (time == null || nonce == null || authorization == null || !authorization.startsWith(RequestSigning.SCHEME + " ")) {
            return Outcome.UNSIGNED;
        }
        long t;
        try {
            t = Long.parseLong(time.trim());
        } catch (NumberFormatException e) {
            return Outcome.UNSIGNED;
        }
        if (nonce.length() != RequestSigning.NONCE_HEX_CHARS || !nonce.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Outcome.UNSIGNED;
        }
        String sig = authorization.substring(RequestSigning.SCHEME.length() + 1).trim();
        if (!RequestSigning.matches(secret, method, path, t, nonce, body, sig)) {
            return Outcome.BAD_SIGNATURE;
        }
        if (Math.abs(nowMillis - t) > limits.windowMillis()) {
            return Outcome.STALE;
        }
        forgetExpired(nowMillis);
        if (nonces.contains(nonce)) {
            return Outcome.REPLAYED;
        }
        if (!take(nowMillis) || nonces.size() >= limits.maxNonces()) {
            return Outcome.FLOOD;
        }
        nonces.add(nonce);
        // a nonce must be remembered as long as its time can still pass the window check
        order.addLast(new Seen(nonce, t + limits.windowMillis()));
        return Outcome.OK;
    }

    private void forgetExpired(long nowMillis) {
        // expiry follows request times, which arrive nearly in order: drop from the front while expired
        while (!order.isEmpty() && order.peekFirst().expiresMillis() < nowMillis) {
            nonces.remove(order.removeFirst().nonce());
        }
    }

    private boolean take(long nowMillis) {
        if (lastRefillMillis == Long.MIN_VALUE) {
            lastRefillMillis = nowMillis;
        }
        long elapsed = Math.max(0, nowMillis - lastRefillMillis);
        tokens = Math.min(limits.burst(), tokens + (double) elapsed / limits.refillMillis());
        lastRefillMillis = nowMillis;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
