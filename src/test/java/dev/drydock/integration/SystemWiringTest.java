package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

/** /info and /system/df count what the images, containers and volumes services really hold. */
class SystemWiringTest {
    private Drydock d;

    @BeforeEach
    void start() {
        d = Wired.start();
        d.engine().containers().launcher(new HoldLauncher());
        pull(d, "busybox", "latest");
    }

    @AfterEach
    void stop() {
        d.close();
    }

    @Test
    void infoAndDiskUsageFollowContainersImagesAndVolumes() {
        String id = create(d, "du", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\"],"
                + "\"HostConfig\":{\"Binds\":[\"duvol:/data\"]}}");
        create(d, "du2", "{\"Image\":\"busybox\",\"Cmd\":[\"write\",\"/f\",\"12345\"]}");
        api(d).post("/containers/du/start").then().statusCode(204);
        api(d).post("/containers/du2/start").then().statusCode(204);
        // The wait's body (read on demand by rest-assured) comes once du2 has exited.
        api(d).post("/containers/du2/wait").then().statusCode(200).body("StatusCode", equalTo(0));
        api(d).get("/info").then()
                .body("Containers", equalTo(2))
                .body("ContainersRunning", equalTo(1))
                .body("ContainersStopped", equalTo(1))
                .body("Images", equalTo(1));
        api(d).get("/v1.41/system/df").then().statusCode(200)
                .body("LayersSize", greaterThan(0))
                .body("Images", hasSize(1))
                .body("Images[0].Containers", equalTo(2))
                .body("Containers", hasSize(2))
                .body("Containers.find { it.Id == '" + id + "' }.State", equalTo("running"))
                .body("Containers.find { it.Names[0] == '/du2' }.SizeRw", equalTo(5))
                .body("Volumes", hasSize(1))
                .body("Volumes[0].Name", equalTo("duvol"))
                .body("Volumes[0].UsageData.RefCount", equalTo(1));
        api(d).get("/v1.52/system/df").then().statusCode(200)
                .body("ContainerUsage.ActiveCount", equalTo(1))
                .body("ContainerUsage.TotalCount", equalTo(2))
                .body("VolumeUsage.ActiveCount", equalTo(1))
                .body("ImageUsage.ActiveCount", equalTo(1));
        api(d).delete("/containers/du?force=1").then().statusCode(204);
        api(d).delete("/containers/du2").then().statusCode(204);
        api(d).get("/info").then().body("Containers", equalTo(0)).body("ContainersRunning", equalTo(0));
        api(d).get("/v1.41/system/df").then()
                .body("Images[0].Containers", equalTo(0))
                .body("Containers", hasSize(0))
                .body("Volumes[0].UsageData.RefCount", equalTo(0));
    }
}
