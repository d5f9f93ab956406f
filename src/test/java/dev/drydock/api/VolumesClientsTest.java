package dev.drydock.api;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.command.CreateVolumeResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The volume commands of the real docker CLI and of docker-java against Drydock. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VolumesClientsTest {
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start();
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    /** What one CLI run printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    private static Run docker(String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(DOCKER),
                "SKIPPED LOUDLY: the docker CLI is not installed at " + DOCKER + "; CLI volume tests did not run");
        List<String> cmd = new ArrayList<>(List.of(DOCKER.toString(), "-H", drydock.tcpUri().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_CONFIG", Files.createTempDirectory("docker-config").toString());
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKER_CONTEXT");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static List<String> lines(String s) {
        return s.isBlank() ? List.of() : List.of(s.strip().split("\n"));
    }

    @Test
    void cliCreatesListsInspectsRemovesAndPrunesVolumes() throws Exception {
        assertThat(docker("volume", "create", "cli-one").out()).isEqualTo("cli-one\n");
        assertThat(docker("volume", "create", "--label", "team=a", "-d", "local", "cli-two").exit()).isZero();
        String anon = docker("volume", "create").out().strip();
        assertThat(anon).matches("[0-9a-f]{64}");

        assertThat(lines(docker("volume", "ls", "-q", "--filter", "name=cli-").out()))
                .containsExactlyInAnyOrder("cli-one", "cli-two");
        assertThat(lines(docker("volume", "ls", "-q", "--filter", "label=team=a").out())).containsExactly("cli-two");
        assertThat(docker("volume", "ls", "--filter", "name=cli-one").out())
                .isEqualTo("DRIVER    VOLUME NAME\nlocal     cli-one\n");
        assertThat(docker("volume", "inspect", "--format", "{{.Driver}} {{.Mountpoint}} {{.Labels}}", "cli-two").out())
                .isEqualTo("local /var/lib/docker/volumes/cli-two/_data map[team:a]\n");

        Run missing = docker("volume", "inspect", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("Error response from daemon: get nope: no such volume");
        Run badName = docker("volume", "create", "a");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err()).contains("create a: volume name is too short, names should be at least two"
                + " alphanumeric characters");
        Run badDriver = docker("volume", "create", "-d", "foo", "cli-x");
        assertThat(badDriver.err()).contains("create cli-x: error looking up volume plugin foo: plugin \"foo\" not"
                + " found");

        String user = "c".repeat(64);
        drydock.engine().volumes().mount("cli-one", user);
        Run inUse = docker("volume", "rm", "cli-one");
        assertThat(inUse.exit()).isEqualTo(1);
        assertThat(inUse.err()).contains("Error response from daemon: remove cli-one: volume is in use - [" + user
                + "]");
        assertThat(docker("volume", "rm", "-f", "cli-one").exit()).isEqualTo(1);
        drydock.engine().volumes().release(user);
        assertThat(docker("volume", "rm", "cli-one").out()).isEqualTo("cli-one\n");

        // Prune: anonymous volumes by default, named ones with --all, narrowed by --filter.
        Run prune = docker("volume", "prune", "-f");
        assertThat(prune.out()).contains("Deleted Volumes:\n" + anon + "\n");
        assertThat(lines(docker("volume", "ls", "-q").out())).containsExactly("cli-two");
        assertThat(docker("volume", "prune", "-af", "--filter", "label=team=b").out()).doesNotContain("cli-two");
        assertThat(docker("volume", "prune", "-af", "--filter", "label=team=a").out()).contains("cli-two");
        assertThat(lines(docker("volume", "ls", "-q").out())).isEmpty();
    }

    @Test
    void dockerJavaCreatesInspectsListsAndRemovesVolumes() throws Exception {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(drydock.tcpUri().toString()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        try (DockerClient client = DockerClientImpl.getInstance(config, http)) {
            CreateVolumeResponse created = client.createVolumeCmd().withName("dj-vol").withDriver("local")
                    .withLabels(Map.of("k", "v")).exec();
            assertThat(created.getName()).isEqualTo("dj-vol");
            assertThat(created.getMountpoint()).isEqualTo("/var/lib/docker/volumes/dj-vol/_data");

            InspectVolumeResponse inspected = client.inspectVolumeCmd("dj-vol").exec();
            assertThat(inspected.getDriver()).isEqualTo("local");
            assertThat(inspected.getLabels()).isEqualTo(Map.of("k", "v"));

            assertThat(client.listVolumesCmd().withFilter("label", List.of("k=v")).exec().getVolumes())
                    .extracting(InspectVolumeResponse::getName).containsExactly("dj-vol");
            assertThat(client.listVolumesCmd().withDanglingFilter(true).exec().getVolumes())
                    .extracting(InspectVolumeResponse::getName).contains("dj-vol");

            String user = "d".repeat(64);
            drydock.engine().volumes().mount("dj-vol", user);
            assertThatThrownBy(() -> client.removeVolumeCmd("dj-vol").exec()).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("remove dj-vol: volume is in use - [" + user + "]");
            drydock.engine().volumes().release(user);
            client.removeVolumeCmd("dj-vol").exec();
            assertThatThrownBy(() -> client.inspectVolumeCmd("dj-vol").exec()).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("get dj-vol: no such volume");
        }
    }

    @Test
    void dockerJavaRunsAContainerWithBindsThatReadsAndWritesHostFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("fixture.txt"), "from the host\n");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(drydock.tcpUri().toString()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        try (DockerClient client = DockerClientImpl.getInstance(config, http)) {
            client.pullImageCmd("busybox").withTag("latest").start().awaitCompletion(30, TimeUnit.SECONDS);
            String id = client.createContainerCmd("busybox")
                    .withCmd("sh", "-c", "cat /fixtures/fixture.txt; echo written inside > /out/result.txt;"
                            + " echo x > /fixtures/nope")
                    .withHostConfig(HostConfig.newHostConfig().withBinds(
                            new Bind(dir.toString(), new Volume("/fixtures"), AccessMode.ro),
                            new Bind(dir.resolve("out").toString(), new Volume("/out"))))
                    .exec().getId();
            client.startContainerCmd(id).exec();
            int code = client.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
            StringBuilder logs = new StringBuilder();
            client.logContainerCmd(id).withStdOut(true).withStdErr(true)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame f) {
                            logs.append(f.getStreamType()).append(':')
                                    .append(new String(f.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(logs.toString()).isEqualTo("STDOUT:from the host\n"
                    + "STDERR:sh: can't create /fixtures/nope: Read-only file system\n");
            assertThat(code).isEqualTo(1);
            // -v semantics: the missing host source was created as a directory, and the write reached the host.
            assertThat(Files.readString(dir.resolve("out/result.txt"))).isEqualTo("written inside\n");
            assertThat(dir.resolve("nope")).doesNotExist();
            assertThat(client.inspectContainerCmd(id).exec().getMounts())
                    .extracting(m -> m.getDestination().getPath() + " " + m.getRW())
                    .containsExactlyInAnyOrder("/fixtures false", "/out true");
            client.removeContainerCmd(id).exec();
        }
    }
}
