package dev.drydock.server;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.api.RouteTable;
import io.javalin.config.JavalinState;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The indexed router picks the same route, with the same path parameters, as Javalin's own for any path. */
class FastRouterTest {
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");
    /** Values a parameter is replaced with: plain, a name with slashes, literal-looking, encoded, odd. */
    private static final List<String> VALUES = List.of("abc", "json", "a/b", "library/busybox:latest", "x%2Fy",
            "", "get", "c1/json", "localhost:5000/x:v1", "UPPER", "a.b-c_d");

    @Test
    void everyServedRouteIsRoutedAsJavalinRoutesIt() {
        compare(false);
    }

    @Test
    void everyServedRouteIsRoutedAsJavalinRoutesItWithTrailingSlashesIgnored() {
        compare(true);
    }

    private static void compare(boolean ignoreTrailingSlashes) {
        List<RouteTable.Route> routes;
        try (Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build())) {
            routes = d.httpServer().routes();
        }
        assertThat(routes).hasSizeGreaterThan(80);
        JavalinState plain = new JavalinState();
        JavalinState fast = new JavalinState();
        FastRouter.install(fast);
        plain.router.ignoreTrailingSlashes = ignoreTrailingSlashes;
        fast.router.ignoreTrailingSlashes = ignoreTrailingSlashes;
        assertThat(fast.internalRouter).isInstanceOf(FastRouter.class);
        for (RouteTable.Route r : routes) {
            plain.routes.addHttpHandler(HandlerType.findOrCreate(r.method()), r.path(), ctx -> { });
            fast.routes.addHttpHandler(HandlerType.findOrCreate(r.method()), r.path(), ctx -> { });
        }
        Set<String> paths = new LinkedHashSet<>(List.of("/", "", "/_ping", "/_ping/", "//_ping", "/containers",
                "/containers/", "/containers//json", "/nope", "/images/json/json", "/images/a/json/json",
                "/exec/x/json/", "/CONTAINERS/json", "/%63ontainers/json"));
        for (RouteTable.Route r : routes) {
            for (String v : VALUES) {
                String p = r.path().replaceAll("\\{[^}]*}", v).replaceAll("<[^>]*>", v);
                paths.add(p);
                paths.add(p + "/");
                paths.add(p + "/json");
                paths.add("/v1.41" + p);
            }
        }
        int routed = 0;
        for (String method : METHODS) {
            HandlerType type = HandlerType.findOrCreate(method);
            for (String path : paths) {
                ParsedEndpoint expected = plain.internalRouter.findFirstHttpHandlerEntry(type, path);
                ParsedEndpoint actual = fast.internalRouter.findFirstHttpHandlerEntry(type, path);
                String what = method + " " + path;
                if (expected == null) {
                    assertThat(actual).as(what).isNull();
                    assertThat(fast.internalRouter.hasHttpHandlerEntry(type, path)).as(what).isFalse();
                    continue;
                }
                routed++;
                assertThat(actual).as(what).isNotNull();
                assertThat(actual.endpoint.path).as(what).isEqualTo(expected.endpoint.path);
                Map<String, String> params = expected.extractPathParams(path);
                assertThat(actual.extractPathParams(path)).as(what).isEqualTo(params);
                assertThat(endpointPaths(fast.internalRouter.findHttpHandlerEntries(type, path))).as(what)
                        .isEqualTo(endpointPaths(plain.internalRouter.findHttpHandlerEntries(type, path)));
                assertThat(fast.internalRouter.hasHttpHandlerEntry(type, path)).as(what).isTrue();
            }
        }
        assertThat(routed).as("paths that matched a route").isGreaterThan(routes.size());
    }

    private static List<String> endpointPaths(List<ParsedEndpoint> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.endpoint.path));
        return out;
    }
}
