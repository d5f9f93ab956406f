package dev.drydock.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The archive, export, changes and commit routes over a container's layered filesystem and its mounts. */
class FilesWiringTest {
    private Drydock d;
    private String id;

    @BeforeEach
    void start() {
        d = Wired.start();
        pull(d, "busybox", "latest");
        id = create(d, "files", "{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"fvol:/data\"]}}");
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private static JsonNode stat(Response r) throws Exception {
        String h = r.header("X-Docker-Container-Path-Stat");
        assertThat(h).as("stat header").isNotNull();
        return new ObjectMapper().readTree(Base64.getDecoder().decode(h));
    }

    private List<String> events() {
        return d.engine().events().history().stream().filter(e -> e.actorId().equals(id))
                .map(e -> e.action()).toList();
    }

    @Test
    void headAndGetDescribeAPathWithTheStatHeader() throws Exception {
        Response head = api(d).queryParam("path", "/etc").head("/containers/files/archive");
        assertThat(head.statusCode()).isEqualTo(200);
        JsonNode st = stat(head);
        assertThat(st.get("name").asText()).isEqualTo("etc");
        assertThat(st.get("mode").asLong()).isEqualTo((1L << 31) | 0755);
        assertThat(st.get("linkTarget").asText()).isEmpty();
        assertThat(st.fieldNames()).toIterable().containsExactly("name", "size", "mode", "mtime", "linkTarget");
        JsonNode sh = stat(api(d).queryParam("path", "/bin/sh").head("/containers/files/archive"));
        assertThat(sh.get("mode").asLong()).isEqualTo((1L << 27) | 0777);
        assertThat(sh.get("linkTarget").asText()).isEqualTo("/bin/busybox");
        Response get = api(d).queryParam("path", "/etc/passwd").get("/containers/files/archive");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.contentType()).isEqualTo("application/x-tar");
        assertThat(Tars.read(get.asByteArray()).get("passwd")).startsWith("root:x:0:0:");
        api(d).queryParam("path", "/nope").get("/containers/files/archive").then().statusCode(404)
                .body("message", equalTo("Could not find the file /nope in container files"));
        assertThat(events()).containsExactly("create", "archive-path");
    }

    @Test
    void putExtractsIntoTheLayerAndThroughMountsIntoTheVolume() {
        api(d).contentType("application/x-tar").body(Tars.of("dir/", "", "dir/a.txt", "A", "/abs.txt", "B"))
                .queryParam("path", "/tmp").put("/containers/files/archive").then().statusCode(200);
        api(d).contentType("application/x-tar").body(Tars.of("v.txt", "in volume"))
                .queryParam("path", "/data").put("/containers/files/archive").then().statusCode(200);
        Map<String, String> tmp = Tars.read(api(d).queryParam("path", "/tmp").get("/containers/files/archive")
                .asByteArray());
        assertThat(tmp).containsEntry("tmp/dir/a.txt", "A").containsEntry("tmp/abs.txt", "B");
        // The volume holds the file: a second container mounting it sees it.
        create(d, "other", "{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"fvol:/mnt\"]}}");
        assertThat(Tars.read(api(d).queryParam("path", "/mnt/v.txt").get("/containers/other/archive")
                .asByteArray())).containsEntry("v.txt", "in volume");
        assertThat(events()).containsSubsequence("extract-to-dir", "extract-to-dir", "archive-path");
    }

    @Test
    void escapingEntriesAreRefusedWithoutWritingAnything() {
        api(d).contentType("application/x-tar").body(Tars.of("ok.txt", "fine", "../evil.txt", "x"))
                .queryParam("path", "/tmp").put("/containers/files/archive").then().statusCode(500)
                .body("message", equalTo("Error processing tar file(exit status 1): \"../evil.txt\" is outside of "
                        + "\"/tmp\""));
        api(d).queryParam("path", "/tmp/ok.txt").head("/containers/files/archive").then().statusCode(404);
        api(d).queryParam("path", "/evil.txt").head("/containers/files/archive").then().statusCode(404);
        api(d).contentType("application/x-tar").body(Tars.of("x", "y")).queryParam("path", "/etc/passwd")
                .put("/containers/files/archive").then().statusCode(500)
                .body("message", equalTo("extraction point is not a directory"));
        api(d).contentType("application/x-tar").body(Tars.of("x", "y")).queryParam("path", "/nodir")
                .put("/containers/files/archive").then().statusCode(404);
        api(d).contentType("application/x-tar").body(Tars.of("etc", "a file over a directory"))
                .queryParam("path", "/").queryParam("noOverwriteDirNonDir", "true")
                .put("/containers/files/archive").then().statusCode(500);
        api(d).queryParam("path", "/etc/passwd").head("/containers/files/archive").then().statusCode(200);
        api(d).get("/containers/files/changes").then().statusCode(200).body(equalTo("null\n"));
    }

    @Test
    void changesListTheContainersOwnLayer() throws Exception {
        api(d).contentType("application/x-tar").body(Tars.of("new.txt", "n")).queryParam("path", "/etc")
                .put("/containers/files/archive").then().statusCode(200);
        api(d).contentType("application/x-tar").body(Tars.of("passwd", "root:x:0:0:root:/root:/bin/sh\n"))
                .queryParam("path", "/etc").put("/containers/files/archive").then().statusCode(200);
        d.engine().containers().files(d.engine().containers().get("files")).delete("/bin/ls");
        String changes = api(d).get("/containers/files/changes").then().statusCode(200).extract().asString();
        assertThat(changes).isEqualTo("[{\"Path\":\"/bin\",\"Kind\":0},{\"Path\":\"/bin/ls\",\"Kind\":2},"
                + "{\"Path\":\"/etc\",\"Kind\":0},{\"Path\":\"/etc/new.txt\",\"Kind\":1},"
                + "{\"Path\":\"/etc/passwd\",\"Kind\":0}]\n");
    }

    @Test
    void exportIsTheMergedFilesystemWithoutMounts() {
        api(d).contentType("application/x-tar").body(Tars.of("mine.txt", "mine")).queryParam("path", "/")
                .put("/containers/files/archive").then().statusCode(200);
        api(d).contentType("application/x-tar").body(Tars.of("vol.txt", "v")).queryParam("path", "/data")
                .put("/containers/files/archive").then().statusCode(200);
        Response r = api(d).get("/containers/files/export");
        // dockerd sets no type on export; Go's sniffing of a tar gives application/octet-stream.
        assertThat(r.contentType()).isEqualTo("application/octet-stream");
        Map<String, String> tar = Tars.read(r.asByteArray());
        assertThat(tar).containsEntry("mine.txt", "mine").containsKey("bin/busybox").containsKey("etc/passwd")
                .doesNotContainKey("data/vol.txt");
        assertThat(events()).contains("export");
    }

    @Test
    void commitMakesAnImageOfTheContainersLayer() {
        api(d).contentType("application/x-tar").body(Tars.of("baked.txt", "baked")).queryParam("path", "/")
                .put("/containers/files/archive").then().statusCode(200);
        String imageId = api(d).queryParam("container", "files").queryParam("repo", "baked")
                .queryParam("tag", "v1").queryParam("comment", "a note").queryParam("author", "me")
                .queryParam("changes", "CMD [\"cat\",\"/baked.txt\"]").queryParam("changes", "ENV K=V")
                .post("/commit").then().statusCode(201).extract().path("Id");
        api(d).get("/images/baked:v1/json").then().statusCode(200)
                .body("Id", equalTo(imageId))
                .body("Comment", equalTo("a note"))
                .body("Author", equalTo("me"))
                .body("Config.Cmd", equalTo(List.of("cat", "/baked.txt")));
        String c2 = create(d, null, "{\"Image\":\"baked:v1\"}");
        assertThat(Tars.read(api(d).queryParam("path", "/baked.txt").get("/containers/" + c2 + "/archive")
                .asByteArray())).containsEntry("baked.txt", "baked");
        api(d).get("/containers/" + c2 + "/json").then().body("Config.Env", org.hamcrest.Matchers.hasItem("K=V"));
        assertThat(d.engine().events().history().stream().filter(e -> e.action().equals("commit")).findFirst()
                .orElseThrow().attributes()).containsEntry("imageID", imageId).containsEntry("imageRef", "baked:v1")
                .containsEntry("comment", "a note");
        api(d).queryParam("container", "nosuch").post("/commit").then().statusCode(404)
                .body("message", equalTo("No such container: nosuch"));
    }
}
