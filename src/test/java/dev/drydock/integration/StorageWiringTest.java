package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

/** Container filesystems are layers over the image with the volumes' mounts; volumes outlive containers. */
class StorageWiringTest {
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
    void aNamedVolumeWrittenByOneContainerIsReadByTheNext() {
        String w = create(d, null, "{\"Image\":\"busybox\",\"Cmd\":[\"write\",\"/data/f\",\"hello\"],"
                + "\"HostConfig\":{\"Binds\":[\"vol:/data\"]}}");
        api(d).get("/containers/" + w + "/json").then()
                .body("Mounts", hasSize(1))
                .body("Mounts[0].Type", equalTo("volume"))
                .body("Mounts[0].Name", equalTo("vol"))
                .body("Mounts[0].Source", equalTo("/var/lib/docker/volumes/vol/_data"))
                .body("Mounts[0].Destination", equalTo("/data"))
                .body("Mounts[0].Mode", equalTo("z"))
                .body("Mounts[0].RW", equalTo(true));
        api(d).post("/containers/" + w + "/start").then().statusCode(204);
        api(d).post("/containers/" + w + "/wait").then().statusCode(200).body("StatusCode", equalTo(0));
        api(d).delete("/containers/" + w).then().statusCode(204);
        String r = create(d, null, "{\"Image\":\"busybox\",\"Cmd\":[\"cat\",\"/data/f\"],"
                + "\"HostConfig\":{\"Binds\":[\"vol:/data\"]}}");
        api(d).post("/containers/" + r + "/start").then().statusCode(204);
        api(d).post("/containers/" + r + "/wait").then().body("StatusCode", equalTo(0));
        String logs = api(d).get("/containers/" + r + "/logs?stdout=1").then().statusCode(200).extract().asString();
        assertThat(logs).endsWith("hello");
    }

    @Test
    void aVolumeInUseCannotBeRemovedAndRmVRemovesAnonymousOnes() {
        String id = create(d, "user", "{\"Image\":\"busybox\",\"Volumes\":{\"/anon\":{}},"
                + "\"HostConfig\":{\"Binds\":[\"keep:/keep\"]}}");
        api(d).delete("/volumes/keep").then().statusCode(409)
                .body("message", equalTo("remove keep: volume is in use - [" + id + "]"));
        String anon = api(d).get("/containers/user/json").then()
                .body("Mounts[1].Destination", equalTo("/anon"))
                .body("Mounts[1].Name", matchesPattern("[0-9a-f]{64}"))
                .extract().path("Mounts[1].Name");
        api(d).get("/volumes/" + anon).then().statusCode(200);
        api(d).queryParam("filters", "{\"volume\":[\"keep\"]}").queryParam("all", 1).get("/containers/json")
                .then().body("", hasSize(1)).body("[0].Mounts[0].Name", equalTo("keep"));
        api(d).delete("/containers/user?v=1").then().statusCode(204);
        api(d).get("/volumes/" + anon).then().statusCode(404);
        api(d).get("/volumes/keep").then().statusCode(200);
        api(d).delete("/volumes/keep").then().statusCode(204);
    }

    @Test
    void volumesFromSharesTheOtherContainersVolumes() {
        create(d, "src", "{\"Image\":\"busybox\",\"Cmd\":[\"write\",\"/shared/x\",\"from src\"],"
                + "\"HostConfig\":{\"Binds\":[\"sharedvol:/shared\"]}}");
        api(d).post("/containers/src/start").then().statusCode(204);
        api(d).post("/containers/src/wait").then().body("StatusCode", equalTo(0));
        String r = create(d, "dst", "{\"Image\":\"busybox\",\"Cmd\":[\"cat\",\"/shared/x\"],"
                + "\"HostConfig\":{\"VolumesFrom\":[\"src:ro\"]}}");
        api(d).get("/containers/dst/json").then()
                .body("Mounts[0].Name", equalTo("sharedvol"))
                .body("Mounts[0].RW", equalTo(false));
        api(d).post("/containers/dst/start").then().statusCode(204);
        api(d).post("/containers/dst/wait").then().body("StatusCode", equalTo(0));
        assertThat(api(d).get("/containers/" + r + "/logs?stdout=1").asString()).endsWith("from src");
        api(d).body("{\"Image\":\"busybox\",\"HostConfig\":{\"VolumesFrom\":[\"nosuch\"]}}")
                .post("/containers/create").then().statusCode(400).body("message", equalTo("No such container: nosuch"));
    }

    @Test
    void aFailedCreateKeepsNoVolumeReference() {
        api(d).body("{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"v2:/d\"],\"NetworkMode\":\"nonet\"}}")
                .post("/containers/create").then().statusCode(404).body("message", equalTo("network nonet not found"));
        api(d).delete("/volumes/v2").then().statusCode(204);
        api(d).get("/containers/json?all=1").then().body("", hasSize(0));
    }

    @Test
    void theImageContentIsSharedNotCopied() {
        String id = create(d, null, "{\"Image\":\"busybox\",\"Cmd\":[\"write\",\"/etc/motd\",\"hi\"]}");
        api(d).get("/containers/" + id + "/json?size=1").then().body("SizeRw", equalTo(0));
        api(d).post("/containers/" + id + "/start").then().statusCode(204);
        api(d).post("/containers/" + id + "/wait").then().body("StatusCode", equalTo(0));
        api(d).get("/containers/" + id + "/json?size=1").then().body("SizeRw", equalTo(2));
    }
}
