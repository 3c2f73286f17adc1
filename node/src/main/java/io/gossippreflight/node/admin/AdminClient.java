package io.gossippreflight.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.gossippreflight.node.NodeEnvironmentException;
import io.gossippreflight.node.NodeInputException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to a running node's {@link AdminServer} (what nodetool does over JMX). */
public final class AdminClient {
    /** An answer larger than this is not from our admin API. */
    static final int MAX_RESPONSE_BYTES = 64 << 20;

    private final String host;
    private final int port;
    private final Duration operationTimeout;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(String host, int port, Duration operationTimeout) {
        this(host, port, operationTimeout, null);
    }

    /** @param token the admin token (from the node's token file), or null when the node needs none */
    public AdminClient(String host, int port, Duration operationTimeout, String token) {
        this.host = host;
        this.port = port;
        this.operationTimeout = operationTimeout;
        this.token = token;
    }

    public ClusterView cluster() {
        return parse(call("GET", "/v1/cluster", Duration.ofSeconds(30)), ClusterView.class);
    }

    public NodeStats stats() {
        return parse(call("GET", "/v1/stats", Duration.ofSeconds(30)), NodeStats.class);
    }

    public String decommission() {
        return messageOf(call("POST", "/v1/decommission", operationTimeout));
    }

    public String removeNode(String hostId) {
        return messageOf(call("POST", "/v1/removenode?hostId=" + URLEncoder.encode(hostId, StandardCharsets.UTF_8),
                operationTimeout));
    }

    public String assassinate(String address) {
        return messageOf(call("POST", "/v1/assassinate?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8),
                operationTimeout));
    }

    private String target() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private String call(String method, String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + target() + path))
                .timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest req = b.build();
        HttpResponse<String> rsp;
        try {
            rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new NodeEnvironmentException("no node answers on " + target()
                    + "; start one with 'preflight node start --config node.yaml' or give --host/--port of its admin API", e);
        } catch (HttpTimeoutException e) {
            throw new NodeEnvironmentException("the node on " + target() + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new NodeEnvironmentException("cannot talk to the node on " + target() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeEnvironmentException("interrupted while waiting for the node on " + target(), e);
        }
        String body = rsp.body();
        if (body.length() > MAX_RESPONSE_BYTES) {
            throw new NodeEnvironmentException(target() + " answered " + body.length() + " bytes; is it a gossip-preflight node?");
        }
        if (rsp.statusCode() == 200) {
            return body;
        }
        String error = errorOf(body);
        if (rsp.statusCode() == 409) {
            throw new NodeInputException(error);
        }
        if (rsp.statusCode() == 401) {
            throw new NodeInputException("the node on " + target() + " " + (token == null ? "needs its admin token: give "
                    + "--config node.yaml (its admin_token_file) or --token-file FILE"
                    : "refused the admin token given: is it the token file of this node?"));
        }
        throw new NodeEnvironmentException("the node on " + target() + " failed (HTTP " + rsp.statusCode() + "): " + error);
    }

    private static String errorOf(String body) {
        try {
            JsonNode n = AdminServer.JSON.readTree(body);
            return n.path("error").asText(body);
        } catch (JsonProcessingException e) {
            return body;
        }
    }

    private String messageOf(String body) {
        try {
            return AdminServer.JSON.readTree(body).path("message").asText();
        } catch (JsonProcessingException e) {
            throw new NodeEnvironmentException(target() + " answered something that is not JSON; is it a gossip-preflight node?", e);
        }
    }

    private <T> T parse(String body, Class<T> type) {
        try {
            return AdminServer.JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new NodeEnvironmentException(target() + " answered something this client cannot read ("
                    + e.getOriginalMessage() + "); are the node and this preflight the same version?", e);
        }
    }
}
