package io.gossippreflight.probe.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/** Asks one agent to check targets, signing the request; reads its answer with a bound. */
public final class AgentClient {
    /** An answer larger than this is refused (a few KB per target is what agents send). */
    static final int MAX_ANSWER = 8 << 20;

    private final byte[] secret;
    private final Duration timeout;
    private final LongSupplier wallMillis;
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** @param timeout how long one agent's whole check may take */
    public AgentClient(byte[] secret, Duration timeout, LongSupplier wallMillis) {
        this.secret = secret.clone();
        this.timeout = timeout;
        this.wallMillis = wallMillis;
    }

    /** The request as sent (for tests that replay or alter it): body, time, nonce, signature. */
    public record Signed(byte[] body, long time, String nonce, String signature) {
    }

    public Signed sign(List<String> targets) {
        ObjectNode o = Agent.JSON.createObjectNode();
        ArrayNode a = o.putArray("targets");
        targets.forEach(a::add);
        byte[] body;
        try {
            body = Agent.JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] n = new byte[16];
        random.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        long t = wallMillis.getAsLong();
        return new Signed(body, t, nonce, RequestSigning.sign(secret, "POST", Agent.PATH, t, nonce, body));
    }

    /** The raw exchange: HTTP status and body (bounded). */
    public record Answer(int status, byte[] body) {
    }

    public Answer send(InetSocketAddress agent, Signed s) throws IOException, InterruptedException {
        String host = agent.getAddress().getHostAddress();
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + agent.getPort() + Agent.PATH);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header(RequestSigning.TIME_HEADER, Long.toString(s.time()))
                .header(RequestSigning.NONCE_HEADER, s.nonce())
                .header("Authorization", RequestSigning.SCHEME + " " + s.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(s.body())).build();
        HttpResponse<InputStream> rsp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = rsp.body()) {
            byte[] b = in.readNBytes(MAX_ANSWER + 1);
            if (b.length > MAX_ANSWER) {
                throw new IOException("the agent's answer is over " + (MAX_ANSWER >> 20) + " MiB");
            }
            return new Answer(rsp.statusCode(), b);
        }
    }

    /**
     * Asks {@code agent} (listed as {@code label}) to check {@code targets}: a result per target, each
     * with the reason when the agent could not be asked or refused.
     */
    public List<PairResult> check(String label, InetSocketAddress agent, List<String> targets) {
        String where = label + " (agent " + agent.getAddress().getHostAddress() + ":" + agent.getPort() + ")";
        Answer a;
        try {
            a = send(agent, sign(targets));
        } catch (IOException e) {
            return failed(label, targets, "cannot ask " + where + ": " + e.getMessage()
                    + " (is 'preflight probe serve --agent' running there?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(label, targets, "interrupted");
        }
        if (a.status() != 200) {
            String why = new String(a.body(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                JsonNode e = Agent.JSON.readTree(a.body());
                if (e != null && e.hasNonNull("error")) {
                    why = e.get("error").asText();
                }
            } catch (IOException notJson) {
                // keep the raw text
            }
            return failed(label, targets, where + " refused (" + a.status() + "): " + why);
        }
        try {
            JsonNode root = Agent.JSON.readTree(a.body());
            List<PairResult> out = new ArrayList<>();
            for (JsonNode r : VerdictJson.need(root, "results")) {
                out.add(new PairResult(label, VerdictJson.text(r, "target"), r.path("kind").isNull() ? null
                        : r.path("kind").asText(null), VerdictJson.read(VerdictJson.need(r, "outbound")),
                        VerdictJson.read(VerdictJson.need(r, "inbound")), r.path("elapsedMillis").asLong(0), null));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            return failed(label, targets, where + " answered something else than an agent's results: " + e.getMessage());
        }
    }

    private static List<PairResult> failed(String label, List<String> targets, String why) {
        return targets.stream().map(t -> PairResult.failed(label, t, why)).toList();
    }
}
