package dev.drydock.integration;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** A whole Drydock (nothing swapped for stand-ins) and requests to it. */
final class Wired {
    private Wired() {
    }

    static Drydock start() {
        return Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
    }

    static RequestSpecification api(Drydock d) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(d.port()).contentType("application/json");
    }

    /** Pulls an image from the simulated registry, reading the whole progress stream. */
    static void pull(Drydock d, String image, String tag) {
        api(d).queryParam("fromImage", image).queryParam("tag", tag).post("/images/create").then().statusCode(200)
                .extract().asString();
    }

    /** Creates a container and returns its ID. */
    static String create(Drydock d, String name, String body) {
        var req = api(d).body(body);
        if (name != null) {
            req = req.queryParam("name", name);
        }
        var r = req.post("/containers/create");
        if (r.statusCode() != 201) {
            throw new AssertionError("create answered " + r.statusCode() + ": " + r.asString());
        }
        return r.path("Id");
    }

    /** Runs a command in a running container with a TTY and returns its output once it exited (all of it read). */
    static String exec(Drydock d, String container, String... cmd) {
        StringBuilder argv = new StringBuilder("[");
        for (String a : cmd) {
            argv.append(argv.length() > 1 ? "," : "").append('"').append(a.replace("\\", "\\\\")
                    .replace("\"", "\\\"")).append('"');
        }
        String execId = api(d).body("{\"Cmd\":" + argv + "],\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"Tty\":true}").post("/containers/" + container + "/exec").then().statusCode(201).extract()
                .path("Id");
        return api(d).body("{\"Detach\":false,\"Tty\":true}").post("/exec/" + execId + "/start").then()
                .statusCode(200).extract().asString().replace("\r\n", "\n");
    }
}
