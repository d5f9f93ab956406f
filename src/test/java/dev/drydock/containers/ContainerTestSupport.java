package dev.drydock.containers;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Starts a Drydock on a free port with test images and the fake launcher, and builds requests to it. */
final class ContainerTestSupport {
    private ContainerTestSupport() {
    }

    static Drydock start() {
        return start(new MutableClock(java.time.Instant.parse("2026-11-28T19:27:26.192830772Z")));
    }

    static Drydock start(java.time.Clock clock) {
        Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").clock(clock).build());
        d.engine().containers().images(TestImages.lookup()).launcher(new FakeLauncher());
        return d;
    }

    static RequestSpecification api(Drydock d) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(d.port()).contentType("application/json");
    }

    /** Creates a container and returns its ID. */
    static String create(Drydock d, String name, String body) {
        var req = api(d).body(body);
        if (name != null) {
            req = req.queryParam("name", name);
        }
        return req.post("/containers/create").then().statusCode(201).extract().path("Id");
    }
}
