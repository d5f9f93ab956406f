package dev.drydock.images;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.registry.RegistryMode;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The /images routes over HTTP, against a fresh Drydock per class. */
class ImagesApiTest {
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").credential("alice", "s3cret").build());
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1:" + drydock.port()).basePath("/v1.55");
    }

    private static String pull(String image, String tag) {
        Response r = api().queryParam("fromImage", image).queryParam("tag", tag).post("/images/create");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.asString();
    }

    @Test
    void pullStreamsProgressThenIsUpToDate() {
        String first = pull("eclipse-temurin", "17-jre");
        assertThat(first).contains("{\"status\":\"Pulling from library/eclipse-temurin\",\"id\":\"17-jre\"}")
                .contains("\"status\":\"Pulling fs layer\"").contains("\"status\":\"Downloading\"")
                .contains("\"status\":\"Pull complete\"").contains("\"status\":\"Digest: sha256:")
                .contains("Status: Downloaded newer image for eclipse-temurin:17-jre");
        String second = pull("eclipse-temurin", "17-jre");
        assertThat(second).contains("Status: Image is up to date for eclipse-temurin:17-jre").doesNotContain("Pull complete");
    }

    @Test
    void inspectShowsContentAddressedCatalogImage() {
        pull("nginx", "latest");
        Response r = api().get("/images/nginx/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        String id = r.path("Id");
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(r.<List<String>>path("RepoTags")).contains("nginx:latest");
        assertThat(r.<List<String>>path("RepoDigests").get(0)).startsWith("nginx@sha256:");
        assertThat(r.<List<String>>path("Config.Entrypoint")).containsExactly("/docker-entrypoint.sh");
        assertThat(r.<List<String>>path("Config.Cmd")).containsExactly("nginx", "-g", "daemon off;");
        assertThat(r.<String>path("Config.StopSignal")).isEqualTo("SIGQUIT");
        assertThat(r.<Map<String, Object>>path("Config.ExposedPorts")).containsKey("80/tcp");
        assertThat(r.<List<String>>path("RootFS.Layers")).hasSize(2);
        assertThat(r.<Integer>path("Size")).isPositive();
        // Short ID, sha256: prefix and the full name all find it; the ID is the same in another instance.
        assertThat(api().get("/images/" + id.substring(7, 19) + "/json").<String>path("Id")).isEqualTo(id);
        assertThat(api().get("/images/" + id + "/json").<String>path("Id")).isEqualTo(id);
        assertThat(api().get("/images/docker.io/library/nginx:latest/json").<String>path("Id")).isEqualTo(id);
        try (Drydock other = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build())) {
            // Reading the whole progress stream is what waits for the pull to finish.
            assertThat(RestAssured.given().baseUri("http://127.0.0.1:" + other.port())
                    .queryParam("fromImage", "nginx").queryParam("tag", "latest").post("/images/create").asString())
                    .contains("Status: Downloaded newer image for nginx:latest");
            assertThat(RestAssured.given().baseUri("http://127.0.0.1:" + other.port()).get("/images/nginx/json")
                    .<String>path("Id")).isEqualTo(id);
        }
    }

    @Test
    void layersAreSharedAndTreesAreReal() throws IOException {
        pull("debian", "12");
        pull("redis", "7");
        var images = drydock.engine().images();
        var redis = images.resolve("redis:7");
        var debian = images.resolve("debian:12");
        assertThat(redis.layers().get(0)).isSameAs(debian.layers().get(0));
        Path root = redis.layerRoots().get(0);
        assertThat(Files.readString(root.resolve("etc/os-release"))).contains("bookworm");
        assertThat(Files.readString(root.resolve("usr/bin/bash"))).startsWith("\u007FELF\ndrydock-program: bash\n");
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/sh")).toString()).isEqualTo("dash");
        Path app = redis.layerRoots().get(1);
        assertThat(Files.exists(app.resolve("usr/local/bin/redis-server"))).isTrue();
        assertThat(redis.config().volumes()).containsExactly("/data");
    }

    @Test
    void busyboxHasAppletLinksAndDistrolessHasNoShell() throws IOException {
        pull("busybox", "1.37");
        Path root = drydock.engine().images().resolve("busybox:1.37").layerRoots().get(0);
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh")).toString()).isEqualTo("/bin/busybox");
        assertThat(Files.readSymbolicLink(root.resolve("bin/ls")).toString()).isEqualTo("/bin/busybox");
        pull("gcr.io/distroless/static", "nonroot");
        var distroless = drydock.engine().images().resolve("gcr.io/distroless/static:nonroot");
        for (Path p : distroless.layerRoots()) {
            assertThat(Files.exists(p.resolve("bin/sh"))).isFalse();
        }
        assertThat(distroless.config().user()).isEqualTo("65532");
    }

    @Test
    void unknownReferencePullsSynthesizedImageDeterministically() {
        pull("myorg/app", "1.2");
        String id = api().get("/images/myorg/app:1.2/json").path("Id");
        pull("registry.example.com:5000/team/svc", "3");
        Response r = api().get("/images/registry.example.com:5000/team/svc:3/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat((String) r.path("Id")).isNotEqualTo(id);
    }

    @Test
    void strictModeFailsLikeDocker() {
        try (Drydock strict = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0")
                .registryMode(RegistryMode.STRICT).build())) {
            var spec = RestAssured.given().baseUri("http://127.0.0.1:" + strict.port());
            Response r = spec.queryParam("fromImage", "myorg/nothing").queryParam("tag", "latest").post("/images/create");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.<String>path("message")).isEqualTo("pull access denied for myorg/nothing, repository does not"
                    + " exist or may require 'docker login': denied: requested access to the resource is denied");
            r = RestAssured.given().baseUri("http://127.0.0.1:" + strict.port())
                    .queryParam("fromImage", "busybox").queryParam("tag", "nosuchtag").post("/images/create");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.<String>path("message")).isEqualTo("manifest for busybox:nosuchtag not found: manifest unknown: manifest unknown");
            RestAssured.given().baseUri("http://127.0.0.1:" + strict.port())
                    .queryParam("fromImage", "alpine").queryParam("tag", "3.22").post("/images/create").then().statusCode(200)
                    .extract().asString();
        }
    }

    @Test
    void badReferencesAndPlatforms() {
        Response r = api().queryParam("fromImage", "UPPER").queryParam("tag", "latest").post("/images/create");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.<String>path("message")).isEqualTo("invalid reference format: repository name (library/UPPER) must be lowercase");
        r = api().queryParam("fromImage", "a:b:c").post("/images/create");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.<String>path("message")).isEqualTo("invalid reference format");
        r = api().queryParam("fromImage", "").post("/images/create");
        assertThat(r.statusCode()).isEqualTo(400);
        r = api().queryParam("fromImage", "busybox").queryParam("tag", "latest").queryParam("platform", "foo/bar")
                .post("/images/create");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.<String>path("message")).isEqualTo("\"foo/bar\": unknown operating system or architecture: invalid argument");
        r = api().queryParam("fromImage", "nonexistent-registry.invalid/foo").queryParam("tag", "latest").post("/images/create");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.<String>path("message")).startsWith("Get \"https://nonexistent-registry.invalid/v2/\": dial tcp: lookup nonexistent-registry.invalid");
        r = api().get("/images/nonexistent/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.<String>path("message")).isEqualTo("No such image: nonexistent:latest");
        assertThat(api().get("/images/myorg/UPPER/json").<String>path("message"))
                .isEqualTo("invalid reference format: repository name (myorg/UPPER) must be lowercase");
    }

    @Test
    void tagUntagAndDeleteWithConflicts() {
        pull("alpine", "latest");
        api().queryParam("repo", "golden").queryParam("tag", "t1").post("/images/alpine/tag").then().statusCode(201);
        api().queryParam("repo", "other/repo").post("/images/alpine/tag").then().statusCode(201);
        Response bad = api().queryParam("repo", "x").queryParam("tag", "bad:tag").post("/images/alpine/tag");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.<String>path("message")).isEqualTo("invalid tag format");
        String id = api().get("/images/alpine/json").path("Id");
        Response conflict = api().delete("/images/" + id.substring(7, 19));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.<String>path("message")).isEqualTo("conflict: unable to delete " + id.substring(7, 19)
                + " (must be forced) - image is referenced in multiple repositories");
        Response untag = api().delete("/images/golden:t1");
        assertThat(untag.statusCode()).isEqualTo(200);
        assertThat(untag.asString()).isEqualTo("[{\"Untagged\":\"golden:t1\"}]\n");
        drydock.engine().images().setUsage(img -> img.equals(id) ? List.of(new dev.drydock.engine.ImageUsage.User(
                "07a58173826f0000000000000000000000000000000000000000000000000000", false)) : List.of());
        try {
            api().delete("/images/other/repo").then().statusCode(200);
            Response used = api().delete("/images/alpine:latest");
            assertThat(used.statusCode()).isEqualTo(409);
            assertThat(used.<String>path("message")).isEqualTo("conflict: unable to remove repository reference"
                    + " \"alpine:latest\" (must force) - container 07a58173826f is using its referenced image " + id.substring(7, 19));
        } finally {
            drydock.engine().images().setUsage(null);
        }
        Response gone = api().delete("/images/alpine:latest");
        assertThat(gone.statusCode()).isEqualTo(200);
        assertThat(gone.asString()).contains("{\"Untagged\":\"alpine:latest\"}").contains("{\"Deleted\":\"" + id + "\"}");
        assertThat(api().get("/images/" + id + "/json").statusCode()).isEqualTo(404);
    }

    @Test
    void listFiltersAndHistory() {
        pull("hello-world", "latest");
        pull("python", "3.12-slim");
        Response all = api().get("/images/json");
        assertThat(all.statusCode()).isEqualTo(200);
        Response ref = api().queryParam("filters", "{\"reference\":[\"hello-*\"]}").get("/images/json");
        assertThat(ref.<List<List<String>>>path("RepoTags")).containsExactly(List.of("hello-world:latest"));
        Response label = api().queryParam("filters", "{\"label\":[\"nope=1\"]}").get("/images/json");
        assertThat(label.<List<Object>>path("$")).isEmpty();
        Response bogus = api().queryParam("filters", "{\"bogus\":[\"x\"]}").get("/images/json");
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.<String>path("message")).isEqualTo("invalid filter 'bogus'");
        Response dangling = api().queryParam("filters", "{\"dangling\":[\"maybe\"]}").get("/images/json");
        assertThat(dangling.<String>path("message")).isEqualTo("invalid filter 'dangling=[maybe]'");
        Response history = api().get("/images/python:3.12-slim/history");
        assertThat(history.<String>path("[0].Id")).startsWith("sha256:");
        assertThat(history.<List<String>>path("[0].Tags")).contains("python:3.12-slim");
        assertThat(history.<String>path("[0].CreatedBy")).isEqualTo("CMD [\"python3\"]");
        assertThat(history.<String>path("[1].Id")).isEqualTo("<missing>");
        assertThat(api().get("/info").<Integer>path("Images")).isEqualTo(drydock.engine().images().count());
    }

    @Test
    void pushThenPullRoundTripsWithAuth() {
        pull("busybox", "latest");
        api().queryParam("repo", "localhost:5000/x").queryParam("tag", "v1").post("/images/busybox/tag").then().statusCode(201);
        String denied = api().post("/images/localhost:5000/x/push?tag=v1").asString();
        assertThat(denied).contains("The push refers to repository [localhost:5000/x]")
                .contains("{\"errorDetail\":{\"message\":\"unauthorized: authentication required\"},\"error\":\"unauthorized: authentication required\"}");
        String auth = Base64.getUrlEncoder().encodeToString(
                "{\"username\":\"alice\",\"password\":\"s3cret\",\"serveraddress\":\"localhost:5000\"}".getBytes(StandardCharsets.UTF_8));
        String pushed = api().header("X-Registry-Auth", auth).post("/images/localhost:5000/x/push?tag=v1").asString();
        assertThat(pushed).contains("\"status\":\"Pushed\"").contains("v1: digest: sha256:").contains("\"aux\":{\"Tag\":\"v1\"");
        api().delete("/images/localhost:5000/x:v1").then().statusCode(200);
        Response noAuth = api().queryParam("fromImage", "localhost:5000/x").queryParam("tag", "v1").post("/images/create");
        assertThat(noAuth.statusCode()).isEqualTo(500);
        assertThat(noAuth.<String>path("message")).endsWith("no basic auth credentials");
        Response ok = api().header("X-Registry-Auth", auth).queryParam("fromImage", "localhost:5000/x")
                .queryParam("tag", "v1").post("/images/create");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.asString()).contains("Status: Downloaded newer image for localhost:5000/x:v1");
        assertThat(api().get("/images/localhost:5000/x:v1/json").<List<String>>path("RepoDigests"))
                .anyMatch(d -> d.startsWith("localhost:5000/x@sha256:"));
        Response search = api().queryParam("term", "busybox").get("/images/search");
        assertThat(search.<String>path("[0].name")).isEqualTo("busybox");
        assertThat(search.<Boolean>path("[0].is_official")).isTrue();
    }

    @Test
    void saveLoadRoundTripAndImport() throws IOException {
        pull("busybox", "latest");
        String id = api().get("/images/busybox/json").path("Id");
        byte[] archive = api().get("/images/busybox/get").asByteArray();
        List<String> names = tarNames(archive);
        assertThat(names).contains("manifest.json", "index.json", "oci-layout", "blobs/sha256/" + id.substring(7));
        api().queryParam("force", "1").delete("/images/" + id).then().statusCode(200);
        Response load = api().contentType("application/x-tar").body(archive).post("/images/load?quiet=1");
        assertThat(load.statusCode()).isEqualTo(200);
        assertThat(load.asString()).isEqualTo("{\"stream\":\"Loaded image: busybox:latest\\n\"}\n");
        assertThat(api().get("/images/busybox/json").<String>path("Id")).isEqualTo(id);

        byte[] rootfs = tar(Map.of("etc/hello.txt", "hi\n"), null);
        Response imported = api().contentType("application/x-tar").body(rootfs).queryParam("fromSrc", "-")
                .queryParam("repo", "imported").queryParam("tag", "v1").queryParam("changes", "CMD [\"sh\"]")
                .post("/images/create");
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.<String>path("status")).startsWith("sha256:");
        Response inspect = api().get("/images/imported:v1/json");
        assertThat(inspect.<List<String>>path("Config.Cmd")).containsExactly("sh");
        assertThat(inspect.<String>path("Comment")).isEqualTo("Imported from -");
    }

    @Test
    void maliciousArchivesAreRefusedAndLeaveNothing() throws IOException {
        int before = drydock.engine().images().count();
        int layersBefore = drydock.engine().images().layers().count();
        byte[] traversal = tar(Map.of("../evil", "x"), null);
        Response r = api().body(traversal).queryParam("fromSrc", "-").queryParam("repo", "evil").post("/images/create");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.<String>path("message")).contains("outside of the archive root");
        byte[] absolute = tar(Map.of("/etc/passwd", "x"), null);
        assertThat(api().body(absolute).queryParam("fromSrc", "-").post("/images/create").statusCode()).isEqualTo(400);
        byte[] symlinkEscape = tar(Map.of(), Map.of("link", "../../../etc"));
        r = api().body(symlinkEscape).queryParam("fromSrc", "-").post("/images/create");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.<String>path("message")).contains("invalid symlink");
        try (Drydock small = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").maxArchiveBytes(1000).build())) {
            byte[] bomb = tar(Map.of("big", "x".repeat(5000)), null);
            Response b = RestAssured.given().baseUri("http://127.0.0.1:" + small.port()).body(bomb)
                    .queryParam("fromSrc", "-").post("/images/create");
            assertThat(b.statusCode()).isEqualTo(400);
            assertThat(b.<String>path("message")).contains("size limit");
            assertThat(small.engine().images().count()).isZero();
        }
        Response load = api().body(tar(Map.of("manifest.json", "[{\"Config\":\"../../x.json\",\"Layers\":[]}]"), null))
                .post("/images/load");
        assertThat(load.statusCode()).isEqualTo(400);
        assertThat(drydock.engine().images().count()).isEqualTo(before);
        assertThat(drydock.engine().images().layers().count()).isEqualTo(layersBefore);
    }

    @Test
    void pruneRemovesDanglingAndUnused() {
        pull("httpd", "latest");
        api().queryParam("repo", "temp").queryParam("tag", "x").post("/images/httpd/tag").then().statusCode(201);
        api().delete("/images/httpd:latest").then().statusCode(200);
        Response r = api().queryParam("filters", "{\"dangling\":[\"false\"],\"label\":[\"never=here\"]}").post("/images/prune");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).isEqualTo("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}\n");
        r = api().queryParam("filters", "{\"reference\":[\"x\"]}").post("/images/prune");
        assertThat(r.statusCode()).isEqualTo(400);
    }

    static List<String> tarNames(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(archive))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    static byte[] tar(Map<String, String> files, Map<String, String> symlinks) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
            for (var f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey(), true);
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                e.setSize(content.length);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
            if (symlinks != null) {
                for (var s : symlinks.entrySet()) {
                    TarArchiveEntry e = new TarArchiveEntry(s.getKey(), TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(s.getValue());
                    out.putArchiveEntry(e);
                    out.closeArchiveEntry();
                }
            }
        }
        return buf.toByteArray();
    }
}
