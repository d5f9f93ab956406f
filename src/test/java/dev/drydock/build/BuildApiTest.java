package dev.drydock.build;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Image;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsView;
import dev.drydock.fs.OverlayFsView;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /build} over HTTP: output stream, resulting images, cache, multi-stage, errors, prune. */
class BuildApiTest {
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1:" + drydock.port()).basePath("/v1.47");
    }

    private static Response build(byte[] context, Map<String, ?> query) {
        Response r = api().contentType("application/x-tar").body(context).queryParams(query).post("/build");
        // Rest-assured reads a body only on demand; reading it here waits for the build's end, as real clients do.
        r.asByteArray();
        return r;
    }

    /** The stream's lines, each a parsed JSON object. */
    private static List<JsonPath> lines(Response r) {
        List<JsonPath> out = new ArrayList<>();
        for (String l : r.asString().split("\n")) {
            if (!l.isBlank()) {
                out.add(JsonPath.from(l));
            }
        }
        return out;
    }

    /** The concatenated {@code stream} texts, as the docker CLI prints them. */
    private static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        for (JsonPath j : lines(r)) {
            String s = j.getString("stream");
            if (s != null) {
                sb.append(s);
            }
        }
        return sb.toString();
    }

    private static FsView rootfs(String ref) throws Exception {
        Image img = drydock.engine().images().resolve(ref);
        return new OverlayFsView(drydock.engine().images().layers().newScratchDir("test-"), img.layerRootsTopFirst());
    }

    private static String read(FsView fs, String path) throws Exception {
        return new String(fs.readAll(path), StandardCharsets.UTF_8);
    }

    @Test
    void pythonAppShapeBuildsWithDockerOutputConfigAndHistory() throws Exception {
        byte[] ctx = ContextTar.of("""
                FROM ubuntu
                WORKDIR /app
                COPY requirements.txt .
                RUN apt-get update && apt-get install -y python3 python3-pip && pip install -r requirements.txt
                COPY . .
                ENTRYPOINT ["python3"]
                CMD ["app.py"]
                """).file("requirements.txt", "flask==3.0.0\n").file("app.py", "print('hi')\n").tar();
        Response r = build(ctx, Map.of("t", "pyapp:1"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        String out = text(r);
        assertThat(out).contains("Step 1/7 : FROM ubuntu\n").contains("Step 2/7 : WORKDIR /app\n")
                .contains("Step 4/7 : RUN apt-get update && apt-get install -y python3 python3-pip && pip install -r requirements.txt\n").contains(" ---> Running in ")
                .contains("Removing intermediate container ").contains("Step 7/7 : CMD [\"app.py\"]\n")
                .containsPattern("Successfully built [0-9a-f]{12}\n").endsWith("Successfully tagged pyapp:1\n");
        assertThat(r.asString()).contains("{\"stream\":\"Step 1/7 : FROM ubuntu\"}\n{\"stream\":\"\\n\"}\n")
                .contains("\"stream\":\" ---\\u003e ");
        String aux = lines(r).stream().filter(j -> j.get("aux") != null).reduce((a, b) -> b).orElseThrow()
                .getString("aux.ID");
        JsonPath inspect = api().get("/images/pyapp:1/json").then().statusCode(200).extract().jsonPath();
        assertThat(inspect.getString("Id")).isEqualTo(aux);
        assertThat(inspect.getList("Config.Entrypoint")).containsExactly("python3");
        assertThat(inspect.getList("Config.Cmd")).containsExactly("app.py");
        assertThat(inspect.getString("Config.WorkingDir")).isEqualTo("/app");
        FsView fs = rootfs("pyapp:1");
        assertThat(read(fs, "/app/app.py")).isEqualTo("print('hi')\n");
        assertThat(read(fs, "/app/requirements.txt")).isEqualTo("flask==3.0.0\n");
        assertThat(fs.exists("/app/Dockerfile")).isTrue();
        List<Map<String, Object>> history = api().get("/images/pyapp:1/history").then().statusCode(200).extract()
                .jsonPath().getList("$");
        assertThat(history.get(0).get("CreatedBy")).isEqualTo("/bin/sh -c #(nop)  CMD [\"app.py\"]");
        assertThat(history.get(0).get("Tags")).isEqualTo(List.of("pyapp:1"));
        assertThat(history.get(1).get("CreatedBy")).isEqualTo("/bin/sh -c #(nop)  ENTRYPOINT [\"python3\"]");
        assertThat((String) history.get(2).get("CreatedBy")).matches("/bin/sh -c #\\(nop\\) COPY dir:[0-9a-f]{64} in \\. ");
        assertThat(history.get(3).get("CreatedBy")).isEqualTo(
                "/bin/sh -c apt-get update && apt-get install -y python3 python3-pip && pip install -r requirements.txt");
        assertThat((String) history.get(4).get("CreatedBy"))
                .matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in \\. ");
        assertThat(((Number) history.get(4).get("Size")).longValue()).isEqualTo(13);
        assertThat(history.get(5).get("CreatedBy")).isEqualTo("/bin/sh -c #(nop) WORKDIR /app");
        // Intermediate images are kept as the parents of the result, hidden unless all=true.
        assertThat((String) history.get(1).get("Id")).startsWith("sha256:");
        String parent = inspect.getString("Parent");
        assertThat(parent).isEqualTo(history.get(1).get("Id"));
        assertThat(api().get("/images/json").jsonPath().getList("Id")).doesNotContain(parent);
        assertThat(api().queryParam("all", "1").get("/images/json").jsonPath().getList("Id")).contains(parent);
    }

    @Test
    void entrypointResetsInheritedCmdAndShellFormsWrapInTheShell() {
        build(ContextTar.of("FROM busybox\nCMD [\"sh\"]\n").tar(), Map.of("t", "ep-base")).then().statusCode(200);
        Response r = build(ContextTar.of("""
                FROM ep-base
                ENTRYPOINT ["/bin/echo", "hello"]
                """).tar(), Map.of("t", "ep-reset"));
        assertThat(text(r)).contains("Successfully tagged ep-reset:latest");
        JsonPath c = api().get("/images/ep-reset/json").jsonPath();
        assertThat(c.getList("Config.Entrypoint")).containsExactly("/bin/echo", "hello");
        assertThat(c.get("Config.Cmd") == null).as("inherited CMD reset by ENTRYPOINT").isTrue();
        build(ContextTar.of("""
                FROM busybox
                ENTRYPOINT echo hi
                CMD ["--flag"]
                ENV A=1 B="two words"
                LABEL com.example.a=b
                EXPOSE 80 53/udp
                USER nobody
                VOLUME ["/data"]
                STOPSIGNAL SIGTERM
                HEALTHCHECK --interval=5s --retries=3 CMD wget -q localhost
                """).tar(), Map.of("t", "ep-all")).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Successfully tagged ep-all:latest"));
        JsonPath a = api().get("/images/ep-all/json").jsonPath();
        assertThat(a.getList("Config.Entrypoint")).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(a.getList("Config.Cmd")).containsExactly("--flag");
        assertThat(a.getList("Config.Env")).contains("A=1", "B=two words");
        assertThat(a.getString("Config.Labels.'com.example.a'")).isEqualTo("b");
        assertThat(a.getMap("Config.ExposedPorts")).containsOnlyKeys("53/udp", "80/tcp");
        assertThat(a.getString("Config.User")).isEqualTo("nobody");
        assertThat(a.getMap("Config.Volumes")).containsOnlyKeys("/data");
        assertThat(a.getString("Config.StopSignal")).isEqualTo("SIGTERM");
        assertThat(a.getList("Config.Healthcheck.Test")).containsExactly("CMD-SHELL", "wget -q localhost");
        assertThat(a.getLong("Config.Healthcheck.Interval")).isEqualTo(5_000_000_000L);
        assertThat(a.getInt("Config.Healthcheck.Retries")).isEqualTo(3);
        List<String> createdBy = api().get("/images/ep-all/history").jsonPath().getList("CreatedBy");
        assertThat(createdBy).contains("/bin/sh -c #(nop)  ENTRYPOINT [\"/bin/sh\" \"-c\" \"echo hi\"]",
                "/bin/sh -c #(nop)  EXPOSE 53/udp 80/tcp", "/bin/sh -c #(nop)  ENV A=1 B=two words",
                "/bin/sh -c #(nop)  VOLUME [/data]",
                "/bin/sh -c #(nop)  HEALTHCHECK &{[\"CMD-SHELL\" \"wget -q localhost\"] \"5s\" \"0s\" \"0s\" \"0s\" '\\x03'}");
    }

    @Test
    void multiStageCopiesOneBinaryIntoDistrolessAndTargetStops() throws Exception {
        String dockerfile = """
                FROM busybox AS build
                WORKDIR /src
                COPY main.go .
                RUN mkdir -p /out && printf '\\177ELF\\ndrydock-program: hello\\n' > /out/app && yes 0123456789abcdef | head -c 65536 > /src/big
                FROM gcr.io/distroless/static
                COPY --from=build /out/app /app
                ENTRYPOINT ["/app"]
                """;
        byte[] ctx = ContextTar.of(dockerfile).file("main.go", "package main\n").tar();
        Response r = build(ctx, Map.of("t", "gobin:1"));
        String out = text(r);
        assertThat(out).as(r.asString()).contains("Step 5/7 : FROM gcr.io/distroless/static")
                .contains("Successfully tagged gobin:1");
        assertThat(lines(r).stream().filter(j -> j.get("aux") != null).count()).isEqualTo(2);
        Image result = drydock.engine().images().resolve("gobin:1");
        Image distroless = drydock.engine().images().resolve("gcr.io/distroless/static");
        assertThat(result.layers()).hasSize(distroless.layers().size() + 1);
        FsView fs = rootfs("gobin:1");
        assertThat(read(fs, "/app")).startsWith("\u007fELF\ndrydock-program: hello");
        assertThat(fs.exists("/src/main.go")).isFalse();
        assertThat(fs.exists("/bin/sh")).isFalse();
        FileStat st = fs.stat("/app", true).orElseThrow();
        assertThat(st.uid()).isZero();
        // --target stops at the named stage: the builder stage's image, with its big file.
        Response t = build(ctx, Map.of("t", "gobin:build", "target", "build"));
        assertThat(text(t)).contains("Step 1/4 : FROM busybox AS build").contains(" ---> Using cache")
                .doesNotContain("distroless");
        Image builder = drydock.engine().images().resolve("gobin:build");
        assertThat(builder.size()).isGreaterThan(result.size() + 60_000);
        build(ctx, Map.of("target", "nope")).then().statusCode(400).body("message",
                org.hamcrest.Matchers.equalTo("failed to reach build target nope in Dockerfile"));
    }

    @Test
    void addExtractsLocalTarGzWhileCopyDoesNot() throws Exception {
        byte[] archive = ContextTar.gzip(ContextTar.tar(Map.of("pkg/readme.txt",
                "inside\n".getBytes(StandardCharsets.UTF_8))));
        byte[] ctx = ContextTar.of("""
                FROM busybox
                ADD bundle.tar.gz /opt/added/
                COPY bundle.tar.gz /opt/copied/
                ADD plain.txt /opt/plain.txt
                COPY --chown=1000:1000 --chmod=600 plain.txt /opt/owned.txt
                COPY *.md /docs/
                """).file("bundle.tar.gz", archive).file("plain.txt", "p\n").file("a.md", "a")
                .file("b.md", "b").tar();
        Response r = build(ctx, Map.of("t", "adder"));
        assertThat(text(r)).as(r.asString()).contains("Successfully tagged adder:latest");
        FsView fs = rootfs("adder");
        assertThat(read(fs, "/opt/added/pkg/readme.txt")).isEqualTo("inside\n");
        assertThat(fs.exists("/opt/added/bundle.tar.gz")).isFalse();
        assertThat(fs.readAll("/opt/copied/bundle.tar.gz")).isEqualTo(archive);
        assertThat(read(fs, "/opt/plain.txt")).isEqualTo("p\n");
        FileStat owned = fs.stat("/opt/owned.txt", true).orElseThrow();
        assertThat(owned.uid()).isEqualTo(1000);
        assertThat(owned.mode()).isEqualTo(0600);
        assertThat(fs.list("/docs")).containsExactly("a.md", "b.md");
    }

    @Test
    void rebuildUsesCacheAndAChangedFileInvalidatesFromItsStepOn() {
        String df = "FROM busybox\nRUN echo first > /f\nCOPY data.txt /data.txt\nRUN cat /data.txt\n";
        String first = text(build(ContextTar.of(df).file("data.txt", "v1\n").tar(), Map.of("t", "cached")));
        assertThat(first).doesNotContain("Using cache").contains("v1\n");
        String again = text(build(ContextTar.of(df).file("data.txt", "v1\n").tar(), Map.of("t", "cached")));
        assertThat(again.split(" ---> Using cache\n", -1)).hasSize(4);
        assertThat(again).doesNotContain("Running in");
        String changed = text(build(ContextTar.of(df).file("data.txt", "v2\n").tar(), Map.of("t", "cached")));
        assertThat(changed.split(" ---> Using cache\n", -1)).hasSize(2);
        assertThat(changed).contains("v2\n");
        String nocache = text(build(ContextTar.of(df).file("data.txt", "v2\n").tar(),
                Map.of("t", "cached", "nocache", "1")));
        assertThat(nocache).doesNotContain("Using cache").contains("Running in");
    }

    @Test
    void buildArgsLabelsQuietAndWarnings() {
        String df = "ARG BASE=busybox\nFROM $BASE\nARG VERSION=1\nARG OTHER\nRUN echo v=$VERSION o=$OTHER\n";
        Response r = build(ContextTar.of(df).tar(), Map.of("buildargs", "{\"VERSION\":\"2\",\"UNUSED\":\"x\",\"HTTP_PROXY\":\"p\"}",
                "labels", "{\"b\":\"2\",\"a\":\"1\"}", "t", "args"));
        String out = text(r);
        assertThat(out).contains("Step 1/7 : ARG BASE=busybox\n").contains("v=2 o=\n")
                .contains("Step 6/7 : LABEL a=1\n").contains("Step 7/7 : LABEL b=2\n")
                .contains("[Warning] One or more build-args [UNUSED] were not consumed\n");
        JsonPath img = api().get("/images/args/json").jsonPath();
        assertThat(img.getMap("Config.Labels")).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(api().get("/images/args/history").jsonPath().getList("CreatedBy"))
                .contains("|1 VERSION=2 /bin/sh -c echo v=$VERSION o=$OTHER");
        Response q = build(ContextTar.of(df).tar(), Map.of("q", "1", "buildargs", "{\"VERSION\":\"2\"}"));
        assertThat(q.asString()).matches("\\{\"stream\":\"sha256:[0-9a-f]{64}\\\\n\"}\n");
    }

    @Test
    void errorsBeforeTheStreamAreHttpErrorsAfterItInBand() {
        build(ContextTar.of("FROM busybox\nFOO bar\n").tar(), Map.of()).then().statusCode(400)
                .contentType("application/json")
                .body("message", org.hamcrest.Matchers.equalTo("dockerfile parse error line 2: unknown instruction: FOO"));
        build(ContextTar.of("FROM busybox\n").tar(), Map.of("dockerfile", "nope")).then().statusCode(500)
                .body("message", org.hamcrest.Matchers.equalTo("Cannot locate specified Dockerfile: nope"));
        build(ContextTar.of("FROM busybox\n").tar(), Map.of("version", "2")).then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("BuildKit"));
        build(ContextTar.of("FROM busybox\n").tar(), Map.of("buildargs", "notjson")).then().statusCode(400)
                .body("message", org.hamcrest.Matchers.equalTo(
                        "error reading build args: invalid character 'o' in literal null (expecting 'u')"));
        build(ContextTar.of("FROM busybox\n").tar(), Map.of("t", "Bad:Tag")).then().statusCode(400);
        Response copy = build(ContextTar.of("FROM busybox\nCOPY nothere /x\n").tar(), Map.of());
        assertThat(copy.statusCode()).isEqualTo(200);
        JsonPath last = lines(copy).get(lines(copy).size() - 1);
        assertThat(last.getString("error")).isEqualTo("COPY failed: file not found in build context or excluded by "
                + ".dockerignore: stat nothere: file does not exist");
        assertThat(last.getString("errorDetail.message")).isEqualTo(last.getString("error"));
        Response run = build(ContextTar.of("FROM busybox\nRUN echo before; exit 3\n").tar(), Map.of());
        List<JsonPath> runLines = lines(run);
        JsonPath err = runLines.get(runLines.size() - 1);
        assertThat(err.getString("error")).isEqualTo("The command '/bin/sh -c echo before; exit 3' returned a non-zero code: 3");
        assertThat(err.getInt("errorDetail.code")).isEqualTo(3);
        assertThat(text(run)).contains("before\n").doesNotContain("Successfully built");
        Response outside = build(ContextTar.of("FROM busybox\nCOPY ../x /x\n").tar(), Map.of());
        assertThat(outside.asString()).contains("COPY failed: forbidden path outside the build context: ../x ()");
        Response multi = build(ContextTar.of("FROM busybox\nCOPY a b /x\n").file("a", "a").file("b", "b").tar(), Map.of());
        assertThat(multi.asString()).contains("When using COPY with more than one source file, the destination must "
                + "be a directory and end with a /");
        Response url = build(ContextTar.of("FROM busybox\nADD http://127.0.0.1:1/x.tgz /\n").tar(), Map.of());
        assertThat(url.asString()).contains("ADD failed: Get \\\"http://127.0.0.1:1/x.tgz\\\": dial tcp 127.0.0.1:1: "
                + "connect: connection refused");
    }

    @Test
    void unsafeOrOversizeContextsAreRefused() {
        byte[] evil = ContextTar.tar(Map.of("Dockerfile", "FROM busybox\n".getBytes(StandardCharsets.UTF_8),
                "../evil.txt", "x".getBytes(StandardCharsets.UTF_8)));
        build(evil, Map.of()).then().statusCode(400).body("message",
                org.hamcrest.Matchers.containsString("is outside of the archive root"));
        try (Drydock small = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").maxArchiveBytes(1000)
                .build())) {
            byte[] big = ContextTar.of("FROM busybox\n").file("big.bin", new byte[5000]).tar();
            RestAssured.given().baseUri("http://127.0.0.1:" + small.port()).body(big).post("/build").then()
                    .statusCode(400).body("message", org.hamcrest.Matchers.containsString(
                            "the build context exceeds the limit of 1000 bytes"));
        }
    }

    @Test
    void gzipContextBareDockerfileDockerignoreAndOnbuild() throws Exception {
        byte[] ctx = ContextTar.gzip(ContextTar.of("FROM busybox\nCOPY . /ctx/\nONBUILD RUN echo triggered > /t\n")
                .file(".dockerignore", "secret*\n**/*.log\n!keep.log\n").file("secret.txt", "s")
                .file("sub/x.log", "l").file("keep.log", "k").file("ok.txt", "ok").tar());
        assertThat(text(build(ctx, Map.of("t", "ignored")))).contains("Successfully tagged ignored:latest");
        FsView fs = rootfs("ignored");
        assertThat(fs.exists("/ctx/ok.txt")).isTrue();
        assertThat(fs.exists("/ctx/keep.log")).isTrue();
        assertThat(fs.exists("/ctx/secret.txt")).isFalse();
        assertThat(fs.exists("/ctx/sub/x.log")).isFalse();
        Response child = api().contentType("application/x-tar")
                .body("FROM ignored\nRUN cat /t\n".getBytes(StandardCharsets.UTF_8))
                .queryParam("t", "child").post("/build");
        assertThat(text(child)).contains("# Executing 1 build trigger").contains("triggered\n")
                .contains("Successfully tagged child:latest");
        assertThat(api().get("/images/child/json").jsonPath().get("Config.OnBuild") == null).isTrue();
    }

    @Test
    void pruneDropsTheCacheAndDfReportsIt() {
        byte[] ctx = ContextTar.of("FROM busybox\nRUN echo prune > /p\n").tar();
        build(ctx, Map.of()).then().statusCode(200);
        List<Map<String, Object>> records = api().get("/system/df").jsonPath().getList("BuildCache");
        assertThat(records).isNotEmpty();
        assertThat(records.get(0)).containsKeys("ID", "Type", "Description", "InUse", "Shared", "Size", "CreatedAt",
                "LastUsedAt", "UsageCount");
        JsonPath pruned = api().post("/build/prune").then().statusCode(200).extract().jsonPath();
        assertThat(pruned.getList("CachesDeleted")).hasSizeGreaterThanOrEqualTo(1);
        assertThat(text(build(ctx, Map.of()))).doesNotContain("Using cache");
        api().queryParam("filters", "{\"bogus\":{\"x\":true}}").post("/build/prune").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.equalTo("failed to prune build cache: Invalid filter 'bogus'"));
    }
}
