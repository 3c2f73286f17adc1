package io.gossippreflight.probe.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.time.Clock;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code probe serve --agent}: beside the responder, an HTTP API on which the mesh asks this host
 * to check other hosts — one route, {@code POST /v1/check} with {@code {"targets": ["ADDR:PORT", ...]}}.
 * It runs a check only for a request signed with the mesh's shared secret ({@link RequestSigning}),
 * made within the replay window with a fresh nonce, within the rate ({@link RequestGuard}), whose
 * every target is on the allow-list ({@link AllowList}); one check at a time. All it can do is the
 * probe's check of those targets: no other traffic, nothing else to name. Every refusal is logged.
 *
 * <p>On Netty's HTTP codec, as the node's admin API (node/admin/AdminServer): a connection costs no
 * thread, a request must arrive whole within {@link #REQUEST_TIMEOUT}, its line, headers and body
 * are bounded, connections are capped.
 */
public final class Agent implements AutoCloseable {
    public static final int DEFAULT_PORT = 7197;
    public static final String PATH = "/v1/check";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_BODY = 16 << 10;
    static final int MAX_TARGETS = 1024;
    static final int MAX_CONNECTIONS = 32;
    static final ObjectMapper JSON = new ObjectMapper();

    private final InetSocketAddress listen;
    private final String label;
    private final RequestGuard guard;
    private final AllowList allow;
    private final Function<List<TargetSpec>, List<TargetReport>> check;
    private final Consumer<String> log;
    private final Clock clock;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("agent-http", true));
    private final ExecutorService worker = Executors.newSingleThreadExecutor(new DefaultThreadFactory("agent-check", true));
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Channel server;

    /**
     * @param label this host as the mesh lists it, for the answers
     * @param check runs the probe's check of the targets (blocking; on the agent's one worker)
     * @param log where refusals and checks are said
     */
    public Agent(InetSocketAddress listen, String label, RequestGuard guard, AllowList allow,
            Function<List<TargetSpec>, List<TargetReport>> check, Consumer<String> log, Clock clock) {
        this.listen = listen;
        this.label = label;
        this.guard = guard;
        this.allow = allow;
        this.check = check;
        this.log = log;
        this.clock = clock;
    }

    public Agent start() {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
                        ch.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
                        ch.pipeline().addLast(new AgentHandler(Agent.this));
                    }
                });
        try {
            server = b.bind(listen).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            close();
            throw ProbeException.environment("the agent cannot listen on " + listen.getAddress().getHostAddress() + ":"
                    + listen.getPort() + " (" + e.getMessage() + "): the port is in use or the address is not of this host; "
                    + "choose another with --agent-listen", e instanceof IOException io ? io : null);
        }
        return this;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    RequestGuard guard() {
        return guard;
    }

    AllowList allow() {
        return allow;
    }

    Clock clock() {
        return clock;
    }

    AtomicInteger connections() {
        return connections;
    }

    void log(String line) {
        log.accept(line);
    }

    /** Claims the one check slot; false while a check runs. */
    boolean claim() {
        return busy.compareAndSet(false, true);
    }

    /** Runs the check of {@code targets} on the worker; the slot is given back when it ends. */
    java.util.concurrent.CompletableFuture<byte[]> run(List<String> targets) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                List<TargetSpec> specs = targets.stream().map(t -> TargetSpec.parse(t, TargetSpec.DEFAULT_PORT)).toList();
                List<TargetReport> reports = check.apply(specs);
                ObjectNode out = JSON.createObjectNode();
                out.put("schema", "gossip-preflight/agent/v1").put("agent", label);
                ArrayNode results = out.putArray("results");
                for (TargetReport r : reports) {
                    ObjectNode o = results.addObject();
                    o.put("target", r.target()).put("kind", r.kind() == null ? null : r.kind().name())
                            .put("elapsedMillis", r.elapsedMillis());
                    o.set("outbound", VerdictJson.write(r.outbound()));
                    o.set("inbound", VerdictJson.write(r.inbound()));
                }
                return JSON.writeValueAsBytes(out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                busy.set(false);
            }
        }, worker);
    }

    /** The targets of a request body, or an {@link IllegalArgumentException} saying what is wrong. */
    static List<String> targets(byte[] body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        JsonNode t = n == null ? null : n.get("targets");
        if (t == null || !t.isArray() || t.isEmpty()) {
            throw new IllegalArgumentException("the body needs \"targets\": [\"ADDR:PORT\", ...]");
        }
        if (t.size() > MAX_TARGETS) {
            throw new IllegalArgumentException(t.size() + " targets; at most " + MAX_TARGETS);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : t) {
            if (!x.isTextual()) {
                throw new IllegalArgumentException("targets are strings \"ADDR:PORT\"");
            }
            out.add(x.asText());
        }
        return out;
    }

    @Override
    public void close() {
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        worker.shutdownNow();
    }
}
