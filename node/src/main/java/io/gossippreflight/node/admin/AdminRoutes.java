package io.gossippreflight.node.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The admin API's routes, matched exactly: the method and the path as sent, which must already be
 * in normal form (no {@code .}/{@code ..} segments, no {@code //}, no percent escapes, nothing after
 * the last name), and only the query parameters the route takes. Nothing matches by prefix, so
 * {@code /v1/decommission/../../v1/removenode} and {@code /v1/decommissionXYZ} reach no handler.
 * Pure: {@link #match} decides, the server acts.
 */
final class AdminRoutes {
    /** A handler gets the decoded query parameters and answers with the JSON body's object. */
    record Route(String method, String path, Set<String> params, Function<Map<String, String>, CompletableFuture<?>> handler) {
    }

    /** What a request gets: a route with its parameters, or the HTTP status and reason it is refused with. */
    record Match(Route route, Map<String, String> params, int status, String error, String allow) {
        static Match found(Route r, Map<String, String> params) {
            return new Match(r, params, 200, null, null);
        }

        static Match refused(int status, String error) {
            return new Match(null, Map.of(), status, error, null);
        }
    }

    private final List<Route> routes;

    AdminRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    Match match(String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        if (!isNormal(path)) {
            return Match.refused(404, "no such route: " + printable(path) + " (paths are matched exactly, in normal form)");
        }
        List<String> allowed = new ArrayList<>();
        for (Route r : routes) {
            if (r.path.equals(path)) {
                if (r.method.equals(method)) {
                    return params(r, query);
                }
                allowed.add(r.method);
            }
        }
        if (!allowed.isEmpty()) {
            return new Match(null, Map.of(), 405, "use " + String.join(" or ", allowed) + " for " + path, String.join(", ", allowed));
        }
        return Match.refused(404, "no such route: " + path + " (see docs/node.md for the admin API)");
    }

    private static Match params(Route r, String query) {
        Map<String, String> out = new HashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String kv : query.split("&", -1)) {
                int eq = kv.indexOf('=');
                String k;
                String v;
                try {
                    k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                    v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return Match.refused(400, "malformed query parameter '" + printable(kv) + "'");
                }
                if (!r.params.contains(k)) {
                    return Match.refused(400, r.method + " " + r.path + " takes " + (r.params.isEmpty() ? "no parameters"
                            : "only " + String.join(", ", r.params)) + "; got '" + printable(k) + "'");
                }
                if (out.put(k, v) != null) {
                    return Match.refused(400, "parameter '" + k + "' given twice");
                }
            }
        }
        return Match.found(r, out);
    }

    /** "/a/b" made of names: letters, digits, '_' and '-' only. */
    static boolean isNormal(String path) {
        if (path.length() < 2 || path.length() > 256 || path.charAt(0) != '/' || path.endsWith("/")) {
            return false;
        }
        for (String seg : path.substring(1).split("/", -1)) {
            if (seg.isEmpty() || !seg.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        return b.toString();
    }
}
