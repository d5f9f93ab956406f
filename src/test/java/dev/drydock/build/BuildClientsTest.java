package dev.drydock.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real clients building images: the docker CLI's classic builder (DOCKER_BUILDKIT=0) and docker-java. */
class BuildClientsTest {
    private static final String DOCKER = "/usr/local/bin/docker";
    private static Drydock drydock;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
    }

    @AfterAll
    static void stop() {
        if (drydock != null) {
            drydock.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    private static Result docker(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(new File(DOCKER).canExecute(),
                "SKIPPED LOUDLY: the docker CLI is not installed at " + DOCKER);
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", "tcp://127.0.0.1:" + drydock.port()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("DOCKER_CONFIG", tmp.resolve("cfg").toString());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().remove("DOCKER_HOST");
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static Path project(String name, String dockerfileName, String dockerfile) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(dockerfileName), dockerfile);
        Files.writeString(dir.resolve("app.txt"), "app\n");
        return dir;
    }

    @Test
    void dockerCliClassicBuilderTagsArgsTargetLabelsQuietAndStdin() throws Exception {
        Path dir = project("cli", "Custom.Dockerfile", """
                FROM busybox AS base
                ARG GREETING=hello
                RUN echo "$GREETING from RUN"
                COPY app.txt /app.txt
                FROM base AS final
                CMD ["cat", "/app.txt"]
                """);
        Result r = docker(dir, null, "build", "-t", "cli:1", "-t", "cli:2", "-f", "Custom.Dockerfile",
                "--build-arg", "GREETING=hi", "--label", "team=qa", ".");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Sending build context to Docker daemon").contains("Step 1/7 : FROM busybox AS base")
                .contains("hi from RUN").contains("Step 7/7 : LABEL team=qa").containsPattern("Successfully built [0-9a-f]{12}")
                .contains("Successfully tagged cli:1").contains("Successfully tagged cli:2");
        Result inspect = docker(dir, null, "image", "inspect", "--format",
                "{{json .Config.Cmd}} {{index .Config.Labels \"team\"}}", "cli:2");
        assertThat(inspect.out().trim()).isEqualTo("[\"cat\",\"/app.txt\"] qa");

        Result cached = docker(dir, null, "build", "-t", "cli:1", "-f", "Custom.Dockerfile", "--build-arg",
                "GREETING=hi", "--label", "team=qa", ".");
        assertThat(cached.out()).contains(" ---> Using cache").doesNotContain("Running in");
        Result nocache = docker(dir, null, "build", "--no-cache", "-f", "Custom.Dockerfile", "--build-arg",
                "GREETING=hi", ".");
        assertThat(nocache.out()).doesNotContain("Using cache").contains("Running in");

        Result target = docker(dir, null, "build", "-q", "--target", "base", "-t", "cli:base", "-f",
                "Custom.Dockerfile", ".");
        assertThat(target.code()).as(target.err()).isZero();
        assertThat(target.out().trim()).matches("sha256:[0-9a-f]{64}");
        Result targetInspect = docker(dir, null, "image", "inspect", "--format", "{{.Id}} {{json .Config.Cmd}}",
                "cli:base");
        assertThat(targetInspect.out().trim()).startsWith(target.out().trim()).doesNotContain("/app.txt");

        Result stdin = docker(dir, "FROM busybox\nRUN echo from-stdin\n".getBytes(StandardCharsets.UTF_8),
                "build", "-t", "stdin:1", "-");
        assertThat(stdin.code()).as(stdin.err()).isZero();
        assertThat(stdin.out()).contains("from-stdin").contains("Successfully tagged stdin:1");

        Result images = docker(dir, null, "images", "-a", "--format", "{{.Repository}}");
        assertThat(images.out()).contains("<none>").contains("cli").contains("stdin");

        Result bad = docker(dir, "FROM busybox\nRUN exit 7\n".getBytes(StandardCharsets.UTF_8), "build", "-");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("The command '/bin/sh -c exit 7' returned a non-zero code: 7");
        Result parse = docker(dir, "FROM busybox\nNOPE x\n".getBytes(StandardCharsets.UTF_8), "build", "-");
        assertThat(parse.code()).isNotZero();
        assertThat(parse.err()).contains("dockerfile parse error line 2: unknown instruction: NOPE");
    }

    @Test
    void aDockerfileFromOutsideTheContextAndCacheFrom() throws Exception {
        Path dir = project("outside", "unused", "");
        Path dockerfile = tmp.resolve("elsewhere.Dockerfile");
        Files.writeString(dockerfile, "FROM busybox\nCOPY app.txt /app.txt\nRUN cat /app.txt\n");
        // The CLI appends such a Dockerfile to the context tar and ends the stream without the tar's trailer.
        Result r = docker(dir, null, "build", "--no-cache", "-t", "outside:1", "-f", dockerfile.toString(), ".");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Step 3/3 : RUN cat /app.txt").contains("app\n")
                .contains("Successfully tagged outside:1");
        Result cached = docker(dir, null, "build", "--cache-from", "outside:1", "-f", dockerfile.toString(), ".");
        assertThat(cached.code()).as(cached.err()).isZero();
        assertThat(cached.out()).contains(" ---> Using cache").doesNotContain("Running in");
    }

    @Test
    void builtImagesRunWithTheirEntrypointAndCmd() throws Exception {
        Path dir = project("runit", "Dockerfile", """
                FROM busybox
                WORKDIR /app
                COPY app.txt .
                RUN mkdir -p /usr/local/bin && printf '#!/bin/sh\\necho "greet: $*"\\n' > /usr/local/bin/greet && chmod +x /usr/local/bin/greet
                ENTRYPOINT ["greet"]
                CMD ["world"]
                """);
        Result build = docker(dir, null, "build", "-q", "-t", "greeter:1", ".");
        assertThat(build.code()).as(build.err()).isZero();

        Result plain = docker(dir, null, "run", "--rm", "greeter:1");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).isEqualTo("greet: world\n");

        Result args = docker(dir, null, "run", "--rm", "greeter:1", "drydock", "users");
        assertThat(args.out()).isEqualTo("greet: drydock users\n");

        Result entry = docker(dir, null, "run", "--rm", "--entrypoint", "cat", "greeter:1", "/app/app.txt");
        assertThat(entry.code()).as(entry.err()).isZero();
        assertThat(entry.out()).isEqualTo("app\n");
    }

    @Test
    void dockerJavaBuildImageCmdWithItsCallback() throws Exception {
        Path dir = project("java", "Dockerfile", "FROM busybox\nCOPY app.txt /app.txt\nRUN cat /app.txt\nCMD [\"sh\"]\n");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("tcp://127.0.0.1:" + drydock.port()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        try (DockerClient client = DockerClientImpl.getInstance(config, http)) {
            List<BuildResponseItem> items = new CopyOnWriteArrayList<>();
            String id = client.buildImageCmd(dir.toFile()).withTags(Set.of("dj:1")).withBuildArg("UNUSED", "x")
                    .exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            items.add(item);
                            super.onNext(item);
                        }
                    }).awaitImageId(60, TimeUnit.SECONDS);
            assertThat(id).matches("[0-9a-f]{12}|sha256:[0-9a-f]{64}");
            assertThat(items).anyMatch(i -> i.getStream() != null && i.getStream().contains("app\n"));
            assertThat(items).anyMatch(i -> i.getStream() != null && i.getStream().contains("[Warning] One or more "
                    + "build-args [UNUSED] were not consumed"));
            assertThat(client.inspectImageCmd("dj:1").exec().getId()).contains(id.replace("sha256:", ""));
            Path broken = project("broken", "Dockerfile", "FROM busybox\nRUN exit 4\n");
            try {
                client.buildImageCmd(broken.toFile()).exec(new BuildImageResultCallback())
                        .awaitImageId(60, TimeUnit.SECONDS);
                org.junit.jupiter.api.Assertions.fail("a failing RUN must fail the build");
            } catch (com.github.dockerjava.api.exception.DockerClientException e) {
                assertThat(e.getMessage()).contains("The command '/bin/sh -c exit 4' returned a non-zero code: 4");
            }
        }
    }
}
