package dev.drydock.images;

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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real docker CLI driving image commands against Drydock. */
class ImagesDockerCliTest {
    private static final String DOCKER = "/usr/local/bin/docker";
    private static Drydock drydock;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(new File(DOCKER).canExecute(),
                "SKIPPED LOUDLY: the docker CLI is not installed at " + DOCKER);
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

    private static Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", "tcp://127.0.0.1:" + drydock.port()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_CONFIG", tmp.resolve("cfg").toString());
        pb.environment().remove("DOCKER_HOST");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void pullListInspectHistoryTagRmi() throws Exception {
        Result pull = docker("pull", "redis:7-alpine");
        assertThat(pull.code()).as(pull.err()).isZero();
        assertThat(pull.out()).contains("Pulling from library/redis").contains("Pull complete")
                .contains("Digest: sha256:").contains("Status: Downloaded newer image for redis:7-alpine")
                .contains("docker.io/library/redis:7-alpine");
        Result images = docker("images", "--digests", "--filter", "reference=redis");
        assertThat(images.code()).as(images.err()).isZero();
        assertThat(images.out()).contains("REPOSITORY").contains("redis").contains("7-alpine").contains("sha256:");
        Result quiet = docker("images", "-q");
        assertThat(quiet.out().trim()).matches("[0-9a-f]{12}(\\n[0-9a-f]{12})*");
        Result inspect = docker("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{.Config.WorkingDir}}", "redis:7-alpine");
        assertThat(inspect.out().trim()).isEqualTo("[\"docker-entrypoint.sh\"] /data");
        Result history = docker("history", "redis:7-alpine");
        assertThat(history.code()).as(history.err()).isZero();
        assertThat(history.out()).contains("IMAGE").contains("<missing>").contains("CMD [\"redis-server\"]");
        assertThat(docker("tag", "redis:7-alpine", "mine/redis:v1").code()).isZero();
        assertThat(docker("tag", "redis:7-alpine", "other:v1").code()).isZero();
        String shortId = docker("images", "-q", "mine/redis:v1").out().trim();
        assertThat(shortId).matches("[0-9a-f]{12}");
        Result conflict = docker("rmi", shortId);
        assertThat(conflict.code()).isNotZero();
        assertThat(conflict.err()).contains("conflict: unable to delete " + shortId
                + " (must be forced) - image is referenced in multiple repositories");
        Result rmi = docker("rmi", "mine/redis:v1");
        assertThat(rmi.out()).contains("Untagged: mine/redis:v1");
        Result missing = docker("image", "inspect", "nope:1");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("No such image: nope:1");
    }

    @Test
    void saveLoadImportSearchPushPrune() throws Exception {
        assertThat(docker("pull", "-q", "busybox:1.36").code()).isZero();
        Path archive = tmp.resolve("bb.tar");
        Result save = docker("save", "-o", archive.toString(), "busybox:1.36");
        assertThat(save.code()).as(save.err()).isZero();
        assertThat(Files.size(archive)).isPositive();
        String id = docker("image", "inspect", "--format", "{{.Id}}", "busybox:1.36").out().trim();
        assertThat(docker("rmi", "busybox:1.36").code()).isZero();
        Result load = docker("load", "-i", archive.toString());
        assertThat(load.code()).as(load.err()).isZero();
        assertThat(load.out()).contains("Loaded image: busybox:1.36");
        assertThat(docker("image", "inspect", "--format", "{{.Id}}", "busybox:1.36").out().trim()).isEqualTo(id);

        Path rootfs = tmp.resolve("rootfs.tar");
        Files.write(rootfs, ImagesApiTest.tar(java.util.Map.of("hello.txt", "hi\n"), null));
        Result imp = docker("import", "--change", "CMD [\"/hello.txt\"]", rootfs.toString(), "imported:v1");
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out().trim()).startsWith("sha256:");

        Result search = docker("search", "--filter", "is-official=true", "--limit", "5", "nginx");
        assertThat(search.code()).as(search.err()).isZero();
        assertThat(search.out()).contains("NAME").contains("nginx").contains("[OK]");

        assertThat(docker("tag", "busybox:1.36", "localhost:5000/team/bb:1").code()).isZero();
        Result push = docker("push", "localhost:5000/team/bb:1");
        assertThat(push.code()).as(push.err()).isZero();
        assertThat(push.out()).contains("The push refers to repository [localhost:5000/team/bb]").contains("1: digest: sha256:");
        assertThat(docker("rmi", "localhost:5000/team/bb:1").code()).isZero();
        Result pullBack = docker("pull", "localhost:5000/team/bb:1");
        assertThat(pullBack.code()).as(pullBack.err()).isZero();

        Result prune = docker("image", "prune", "-a", "-f");
        assertThat(prune.code()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("Total reclaimed space");
        assertThat(docker("images", "-q").out().trim()).isEmpty();
    }
}
