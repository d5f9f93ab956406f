package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** Containers run images from the image store: create needs a pulled image, rmi sees who uses it. */
class ImageWiringTest {
    private Drydock d;

    @BeforeEach
    void start() {
        d = Wired.start();
    }

    @AfterEach
    void stop() {
        d.close();
    }

    @Test
    void createAnswers404UntilTheImageIsPulled() {
        api(d).body("{\"Image\":\"busybox\"}").post("/containers/create").then().statusCode(404)
                .body("message", equalTo("No such image: busybox:latest"));
        pull(d, "busybox", "latest");
        String imageId = api(d).get("/images/busybox/json").then().statusCode(200).extract().path("Id");
        String id = create(d, "b1", "{\"Image\":\"busybox\"}");
        api(d).get("/containers/" + id + "/json").then().statusCode(200)
                .body("Image", equalTo(imageId))
                .body("Config.Image", equalTo("busybox"))
                .body("Config.Cmd", equalTo(List.of("sh")))
                .body("Config.Env", hasItem("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        api(d).get("/containers/json?all=1").then().body("[0].ImageID", equalTo(imageId));
    }

    @Test
    void rmiOfAnImageAContainerUsesIsAConflict() {
        pull(d, "busybox", "latest");
        String imageId = api(d).get("/images/busybox/json").then().extract().path("Id");
        String id = create(d, null, "{\"Image\":\"busybox\"}");
        String msg = api(d).delete("/images/busybox").then().statusCode(409).extract().path("message");
        assertThat(msg).isEqualTo("conflict: unable to remove repository reference \"busybox\" (must force) - "
                + "container " + id.substring(0, 12) + " is using its referenced image " + imageId.substring(7, 19));
        api(d).get("/images/json").then().body("find { it.Id == '" + imageId + "' }.Containers", equalTo(1));
        api(d).delete("/containers/" + id).then().statusCode(204);
        api(d).delete("/images/busybox").then().statusCode(200);
    }

    @Test
    void ancestorFilterFindsContainersByImageNameOrId() {
        pull(d, "busybox", "latest");
        pull(d, "alpine", "latest");
        String imageId = api(d).get("/images/busybox/json").then().extract().path("Id");
        String bb = create(d, "bb", "{\"Image\":\"busybox\"}");
        create(d, "al", "{\"Image\":\"alpine\"}");
        api(d).queryParam("all", 1).queryParam("filters", "{\"ancestor\":[\"busybox\"]}").get("/containers/json")
                .then().statusCode(200).body("", hasSize(1)).body("[0].Id", equalTo(bb));
        api(d).queryParam("all", 1).queryParam("filters", "{\"ancestor\":[\"" + imageId.substring(7, 19) + "\"]}")
                .get("/containers/json").then().body("", hasSize(1)).body("[0].Id", equalTo(bb));
        api(d).queryParam("all", 1).queryParam("filters", "{\"ancestor\":[\"nosuch\"]}").get("/containers/json")
                .then().statusCode(200).body("", hasSize(0));
    }
}
