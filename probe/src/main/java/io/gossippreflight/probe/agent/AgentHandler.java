package io.gossippreflight.probe.agent;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One agent connection: a deadline for the request to arrive whole, the route, the guard, the
 * allow-list, the one check slot, then the check. One request per connection (the mesh sends one);
 * the answer closes it.
 */
final class AgentHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Agent agent;
    private ScheduledFuture<?> deadline;
    private boolean counted;

    AgentHandler(Agent agent) {
        this.agent = agent;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (agent.connections().incrementAndGet() > Agent.MAX_CONNECTIONS) {
            agent.connections().decrementAndGet();
            agent.log("agent: refused a connection from " + who(ctx) + ": " + Agent.MAX_CONNECTIONS + " open already");
            ctx.close();
            return;
        }
        counted = true;
        deadline = ctx.executor().schedule(() -> {
            agent.log("agent: no complete request from " + who(ctx) + " within " + Agent.REQUEST_TIMEOUT.toSeconds()
                    + " s; closed");
            ctx.close();
        }, Agent.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (counted) {
            counted = false;
            agent.connections().decrementAndGet();
        }
        super.channelInactive(ctx);
    }

    private static String who(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.channel().config().setAutoRead(false);
        String from = who(ctx);
        if (!req.decoderResult().isSuccess()) {
            refuse(ctx, from, 400, "malformed request: " + req.decoderResult().cause().getMessage());
            return;
        }
        String uri = req.uri();
        if (!uri.equals(Agent.PATH)) {
            refuse(ctx, from, 404, "no such route: only POST " + Agent.PATH);
            return;
        }
        String method = req.method().name();
        if (!method.equals("POST")) {
            refuse(ctx, from, 405, "use POST for " + Agent.PATH);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        RequestGuard.Outcome o = agent.guard().admit(method, uri, body, req.headers().get(RequestSigning.TIME_HEADER),
                req.headers().get(RequestSigning.NONCE_HEADER), req.headers().get(HttpHeaderNames.AUTHORIZATION),
                agent.clock().currentTimeMillis());
        if (o != RequestGuard.Outcome.OK) {
            refuse(ctx, from, o.status(), o.name().toLowerCase(java.util.Locale.ROOT) + ": " + o.reason());
            return;
        }
        List<String> targets;
        try {
            targets = Agent.targets(body);
        } catch (IllegalArgumentException e) {
            refuse(ctx, from, 400, e.getMessage());
            return;
        }
        String outside = agent.allow().firstRefused(targets);
        if (outside != null) {
            refuse(ctx, from, 403, "target '" + outside + "' is not on this agent's allow-list (the mesh's hosts it was "
                    + "started with, as IP:PORT)");
            return;
        }
        if (!agent.claim()) {
            refuse(ctx, from, 429, "busy: this agent runs one check at a time");
            return;
        }
        agent.log("agent: checking " + targets.size() + " target" + (targets.size() == 1 ? "" : "s") + " for " + from);
        agent.run(targets).whenComplete((bytes, e) -> {
            if (e != null) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                agent.log("agent: the check for " + from + " failed: " + c.getMessage());
                reply(ctx, 500, json(Map.of("error", "the check could not run: " + c.getMessage())));
            } else {
                reply(ctx, 200, bytes);
            }
        });
    }

    private void refuse(ChannelHandlerContext ctx, String from, int status, String why) {
        agent.log("agent: refused a request from " + from + " (" + status + "): " + why);
        reply(ctx, status, json(Map.of("error", why)));
    }

    private static byte[] json(Map<String, String> m) {
        try {
            return Agent.JSON.writeValueAsBytes(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"error\":\"cannot render the answer\"}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void reply(ChannelHandlerContext ctx, int status, byte[] body) {
        FullHttpResponse rsp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        rsp.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        rsp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        rsp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(rsp).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        agent.log("agent: connection from " + who(ctx) + " failed: " + cause.getMessage());
        ctx.close();
    }
}
