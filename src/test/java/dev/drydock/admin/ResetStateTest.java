package dev.drydock.admin;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

/** A reset over the admin API leaves the daemon as freshly started: no containers, volumes or user networks. */
class ResetStateTest {
    private Drydock drydock;

    @BeforeEach
    void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
    }

    @AfterEach
    void stop() {
        drydock.close();
    }

    private RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(drydock.port()).contentType("application/json");
    }

    private void populate() {
        http().queryParam("fromImage", "busybox").queryParam("tag", "latest").post("/images/create")
                .then().statusCode(200).extract().asString();
        http().body("{\"Name\":\"reset-net\"}").post("/networks/create").then().statusCode(201);
        http().body("{\"Name\":\"reset-vol\"}").post("/volumes/create").then().statusCode(201);
        http().queryParam("name", "reset-ctr")
                .body("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"],\"HostConfig\":{\"Binds\":[\"reset-vol:/data\"],"
                        + "\"NetworkMode\":\"reset-net\"}}")
                .post("/containers/create").then().statusCode(201);
        http().post("/containers/reset-ctr/start").then().statusCode(204);
    }

    @Test
    void resetRemovesContainersNetworksAndVolumesAndKeepsImagesWhenAsked() {
        populate();
        http().queryParam("keepImages", "true").post("/_drydock/reset").then().statusCode(204);

        http().queryParam("all", 1).get("/containers/json").then().statusCode(200).body("$", hasSize(0));
        http().get("/volumes").then().statusCode(200).body("Volumes", hasSize(0));
        List<String> networks = http().get("/networks").then().statusCode(200).extract().jsonPath().getList("Name");
        assertThat(networks).containsExactlyInAnyOrder("bridge", "host", "none");
        http().get("/images/busybox:latest/json").then().statusCode(200);
        assertThat(drydock.engine().system().totals().containers()).isZero();
        // The same names are free again, as on a fresh daemon.
        populate();
    }

    @Test
    void fullResetAlsoForgetsImages() {
        populate();
        http().post("/_drydock/reset").then().statusCode(204);
        http().get("/images/json").then().statusCode(200).body("$", hasSize(0));
        http().get("/images/busybox:latest/json").then().statusCode(404);
    }
}
