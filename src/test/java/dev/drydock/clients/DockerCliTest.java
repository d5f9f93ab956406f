package dev.drydock.clients;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Event;
import dev.drydock.testing.DockerCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real docker CLI against Drydock, over TCP and the Unix socket. */
class DockerCliTest {
    private static Drydock drydock;
    private static DockerCli docker;

    @BeforeAll
    static void start() {
        docker = DockerCli.require();
        drydock = Drydock.start();
    }

    @AfterAll
    static void stop() {
        if (drydock != null) {
            drydock.close();
        }
    }

    private static URI host(String transport) {
        return transport.equals("tcp") ? drydock.tcpUri() : drydock.unixUri().orElseThrow();
    }

    private static DockerCli.Result ok(DockerCli.Result r) {
        assertThat(r.exitCode()).as("stderr: " + r.stderr()).isZero();
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void version(String transport) {
        DockerCli.Result r = ok(docker.run(host(transport), "version"));
        assertThat(r.stdout()).contains("Server: Drydock", "Version:          " + DrydockConfig.DEFAULT_ENGINE_VERSION,
                "API version:      1.55 (minimum version 1.24)");
        DockerCli.Result fmt = ok(docker.run(host(transport), "version", "--format",
                "{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Os}}"));
        assertThat(fmt.stdout().trim()).isEqualTo(DrydockConfig.DEFAULT_ENGINE_VERSION + " 1.55 linux");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void info(String transport) {
        DockerCli.Result r = ok(docker.run(host(transport), "info"));
        assertThat(r.stdout()).contains("Server Version: " + DrydockConfig.DEFAULT_ENGINE_VERSION, "Containers: 0",
                "OSType: linux");
        assertThat(r.stderr()).doesNotContain("ERROR", "error");
        DockerCli.Result fmt = ok(docker.run(host(transport), "info", "--format", "{{.OSType}} {{.Images}} {{.Swarm.LocalNodeState}}"));
        assertThat(fmt.stdout().trim()).isEqualTo("linux 0 inactive");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void systemDf(String transport) {
        DockerCli.Result r = ok(docker.run(host(transport), "system", "df"));
        assertThat(r.stdout()).contains("TYPE", "Images", "Containers", "Local Volumes", "Build Cache");
        DockerCli.Result verbose = ok(docker.run(host(transport), "system", "df", "-v"));
        assertThat(verbose.stdout()).contains("Images space usage:", "Local Volumes space usage:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void eventsSinceUntilPrintsWhatWasPublished(String transport) {
        var bus = drydock.engine().events();
        String id = transport + "0000000000000000000000000000000000000000000000000000000000000000".substring(transport.length());
        Event first = bus.publish("container", "create", id, Map.of("name", "cli-" + transport, "image", "busybox"));
        bus.publish("network", "connect", "net-" + transport, Map.of("name", "bridge", "container", id));
        Event last = bus.publish("container", "start", id, Map.of("name", "cli-" + transport, "image", "busybox"));
        String since = stamp(first.timeNano());
        String until = stamp(last.timeNano());

        DockerCli.Result all = ok(docker.run(host(transport), "events", "--since", since, "--until", until));
        List<String> lines = Arrays.stream(all.stdout().split("\n")).filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("container create " + id, "name=cli-" + transport, "image=busybox");
        assertThat(lines.get(1)).contains("network connect net-" + transport);
        assertThat(lines.get(2)).contains("container start " + id);

        DockerCli.Result filtered = ok(docker.run(host(transport), "events", "--since", since, "--until", until,
                "--filter", "event=start", "--format", "{{.Type}}/{{.Action}}/{{.Actor.Attributes.name}}"));
        assertThat(filtered.stdout().trim()).isEqualTo("container/start/cli-" + transport);
    }

    private static String stamp(long nanos) {
        return String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
