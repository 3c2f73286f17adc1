package io.gossippreflight.node.admin;

import io.gossippreflight.node.NodeInputException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One admin connection: a deadline for each request to arrive whole, the token check, the exact
 * route, then the answer. Reading stops while a request is answered, so a connection has at most
 * one request in the node and pipelined requests wait in the kernel, not in memory.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AdminServer server;
    private final byte[] token;
    private ScheduledFuture<?> deadline;
    private boolean counted;

    AdminHandler(AdminServer server) {
        this.server = server;
        this.token = server.options().token() == null ? null : server.options().token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (server.connections().incrementAndGet() > server.options().maxConnections()) {
            server.connections().decrementAndGet();
            server.log().debug("Admin API: " + server.options().maxConnections() + " connections open; closing "
                    + ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        counted = true;
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        if (counted) {
            counted = false;
            server.connections().decrementAndGet();
        }
        super.channelInactive(ctx);
    }

    /** The next request (line, headers, body) must be complete within the timeout, however slowly it trickles. */
    private void arm(ChannelHandlerContext ctx) {
        disarm();
        long ms = server.options().requestTimeout().toMillis();
        deadline = ctx.executor().schedule(() -> {
            server.log().debug("Admin API: no complete request from " + ctx.channel().remoteAddress() + " within " + ms
                    + " ms; closing");
            ctx.close();
        }, ms, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        disarm();
        ctx.channel().config().setAutoRead(false);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            Throwable c = req.decoderResult().cause();
            HttpResponseStatus s = c instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : c instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : c instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            reply(ctx, s, Map.of("error", "malformed request: " + c.getMessage()), false, null);
            return;
        }
        if (token != null && !authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            reply(ctx, HttpResponseStatus.UNAUTHORIZED, Map.of("error", "this admin API needs its token: send "
                    + "'Authorization: Bearer TOKEN' (the preflight node commands read it with --config or --token-file)"),
                    keepAlive, "Bearer");
            return;
        }
        AdminRoutes.Match m = server.routes().match(req.method().name(), req.uri());
        if (m.route() == null) {
            reply(ctx, HttpResponseStatus.valueOf(m.status()), Map.of("error", m.error()), keepAlive, m.allow());
            return;
        }
        CompletableFuture<?> work;
        try {
            work = m.route().handler().apply(m.params());
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        long ms = server.operationTimeout().toMillis();
        String uri = req.uri();
        work.orTimeout(ms, TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
            Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (e == null) {
                reply(ctx, HttpResponseStatus.OK, result, keepAlive, null);
            } else if (e instanceof NodeInputException) {
                reply(ctx, HttpResponseStatus.CONFLICT, Map.of("error", e.getMessage()), keepAlive, null);
            } else if (e instanceof TimeoutException) {
                reply(ctx, HttpResponseStatus.GATEWAY_TIMEOUT, Map.of("error", "the operation did not finish within "
                        + ms / 1000 + " s; it may still be running: check 'preflight node status'"), keepAlive, null);
            } else {
                server.log().error("Admin request " + uri + " failed: " + e);
                Map<String, String> body = new HashMap<>();
                body.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
                reply(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, body, keepAlive, null);
            }
        });
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private void reply(ChannelHandlerContext ctx, HttpResponseStatus status, Object body, boolean keepAlive, String extra) {
        byte[] bytes;
        try {
            bytes = AdminServer.JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            bytes = ("{\"error\":\"cannot render the answer\"}").getBytes(StandardCharsets.UTF_8);
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
        FullHttpResponse rsp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        rsp.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        rsp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED && extra != null) {
            rsp.headers().set(HttpHeaderNames.ALLOW, extra);
        } else if (status == HttpResponseStatus.UNAUTHORIZED) {
            rsp.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, extra);
        }
        if (!keepAlive) {
            rsp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(rsp).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(rsp).addListener(f -> {
            if (f.isSuccess() && ctx.channel().isActive()) {
                arm(ctx);
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        server.log().debug("Admin API connection " + ctx.channel().remoteAddress() + " failed: " + cause.getMessage());
        ctx.close();
    }
}
