package io.gossippreflight.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminRoutesTest {
    private static final AdminRoutes ROUTES = new AdminRoutes(List.of(
            new AdminRoutes.Route("GET", "/v1/cluster", Set.of(), q -> CompletableFuture.completedFuture("cluster")),
            new AdminRoutes.Route("POST", "/v1/decommission", Set.of(), q -> CompletableFuture.completedFuture("decommission")),
            new AdminRoutes.Route("POST", "/v1/removenode", Set.of("hostId"), q -> CompletableFuture.completedFuture(q))));

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "GET  | /v1/cluster                                   | 200 | ",
        "POST | /v1/decommission                              | 200 | ",
        "POST | /v1/removenode?hostId=abc                     | 200 | ",
        // what the hardening issue found: each reached a handler by prefix
        "POST | /v1/decommission/../../v1/removenode?hostId=x | 404 | ",
        "POST | /v1/decommissionXYZ                           | 404 | ",
        "GET  | /v1/clusterX                                  | 404 | ",
        "GET  | /v1/cluster%00                                | 404 | ",
        // not in normal form, or not ours
        "GET  | /v1/cluster/                                  | 404 | ",
        "GET  | /v1//cluster                                  | 404 | ",
        "GET  | /v1/./cluster                                 | 404 | ",
        "GET  | //v1/cluster                                  | 404 | ",
        "GET  | /v1/%63luster                                 | 404 | ",
        "GET  | /V1/CLUSTER                                   | 404 | ",
        "GET  | /                                             | 404 | ",
        "GET  | http://x/v1/cluster                           | 404 | ",
        // the right path with the wrong method
        "GET  | /v1/decommission                              | 405 | POST",
        "DELETE | /v1/cluster                                 | 405 | GET",
        // parameters: only the route's, once each
        "GET  | /v1/cluster?x=1                               | 400 | ",
        "POST | /v1/removenode?hostId=a&hostId=b              | 400 | ",
        "POST | /v1/removenode?hostid=a                       | 400 | ",
        "POST | /v1/removenode?hostId=%zz                     | 400 | ",
    })
    void matchesExactly(String method, String uri, int status, String allow) {
        AdminRoutes.Match m = ROUTES.match(method, uri);
        assertEquals(status, m.status(), m.error());
        assertEquals(allow, m.allow());
        if (status == 200) {
            assertEquals(uri.startsWith("/v1/removenode") ? Map.of("hostId", "abc") : Map.of(), m.params());
        }
    }
}
