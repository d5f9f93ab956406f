package dev.drydock.exec;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.stream.FrameReader;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A whole Drydock with busybox pulled, and the requests the exec tests make. */
final class ExecTestSupport {
    private ExecTestSupport() {
    }

    static Drydock start() {
        Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
        // The whole progress stream is read: a client that hangs up early cancels the pull, as on dockerd.
        api(d).queryParam("fromImage", "busybox").queryParam("tag", "latest").post("/images/create").then()
                .statusCode(200).extract().asString();
        return d;
    }

    static RequestSpecification api(Drydock d) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(d.port()).contentType("application/json");
    }

    /** A running busybox container that sleeps; returns its ID. */
    static String runSleeper(Drydock d, String name) {
        var req = api(d).body("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"300\"]}");
        if (name != null) {
            req = req.queryParam("name", name);
        }
        String id = req.post("/containers/create").then().statusCode(201).extract().path("Id");
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        return id;
    }

    /** Creates an exec from a JSON body and returns its ID. */
    static String createExec(Drydock d, String container, String body) {
        return api(d).body(body).post("/containers/" + container + "/exec").then().statusCode(201).extract()
                .path("Id");
    }

    static FrameReader.Demuxed demux(byte[] body) {
        try {
            return new FrameReader(new ByteArrayInputStream(body)).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
