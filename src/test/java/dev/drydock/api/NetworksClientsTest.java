package dev.drydock.api;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The docker CLI and docker-java driving networks and swarm. */
class NetworksClientsTest {
    private static final String DOCKER = "/usr/local/bin/docker";
    /** The CLI's config directory, this run's own: a fixed /tmp path was shared with every other run on the machine. */
    private static final String CONFIG = tempDir();

    private static String tempDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("drydock-cli-networks");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
    private Drydock drydock;

    @BeforeEach
    void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
    }

    @AfterEach
    void stop() {
        drydock.close();
    }

    private record Result(int code, String out, String err) {
    }

    private Result docker(String... args) throws Exception {
        Assumptions.assumeTrue(new File(DOCKER).canExecute(), "docker CLI not installed at " + DOCKER
                + ": skipping the CLI contract test");
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", drydock.tcpUri().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_CONFIG", CONFIG);
        pb.environment().remove("DOCKER_HOST");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void dockerCliNetworkCommands() throws Exception {
        Result created = docker("network", "create", "--subnet", "10.60.0.0/16", "--gateway", "10.60.0.254",
                "--ip-range", "10.60.1.0/24", "--internal", "--attachable", "--label", "k=v", "clinet");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out().trim()).matches("[0-9a-f]{64}");

        Result ls = docker("network", "ls");
        assertThat(ls.out()).contains("NETWORK ID", "bridge", "host", "none", "clinet");
        assertThat(ls.out().lines().filter(l -> l.contains("clinet")).findFirst().orElseThrow())
                .contains("bridge").contains("local");

        Result inspect = docker("network", "inspect", "--format",
                "{{.Name}} {{.Internal}} {{.Attachable}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}} {{.IPRange}}{{end}} {{.Labels}}",
                "clinet");
        assertThat(inspect.out().trim()).isEqualTo("clinet true true 10.60.0.0/16 10.60.0.254 10.60.1.0/24 map[k:v]");

        Result dup = docker("network", "create", "clinet");
        assertThat(dup.code()).isEqualTo(1);
        assertThat(dup.err()).contains("network with name clinet already exists");

        Result overlap = docker("network", "create", "--subnet", "10.60.5.0/24", "other");
        assertThat(overlap.code()).isEqualTo(1);
        assertThat(overlap.err()).contains("Pool overlaps with other one on this address space");

        Result overlay = docker("network", "create", "-d", "overlay", "ov");
        assertThat(overlay.code()).isEqualTo(1);
        assertThat(overlay.err()).contains("This node is not a swarm manager.");

        Result rmBridge = docker("network", "rm", "bridge");
        assertThat(rmBridge.code()).isEqualTo(1);
        assertThat(rmBridge.err()).contains("bridge is a pre-defined network and cannot be removed");

        assertThat(docker("network", "rm", "clinet").out().trim()).isEqualTo("clinet");
        assertThat(docker("network", "inspect", "clinet").err()).contains("network clinet not found");

        docker("network", "create", "p1");
        Result prune = docker("network", "prune", "-f");
        assertThat(prune.out()).contains("Deleted Networks:", "p1");
        assertThat(docker("network", "ls", "--format", "{{.Name}}").out().lines().toList())
                .containsExactlyInAnyOrder("bridge", "host", "none");
    }

    @Test
    void dockerCliSwarmInitOverlayAndLeave() throws Exception {
        Result init = docker("swarm", "init", "--advertise-addr", "127.0.0.1");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("Swarm initialized: current node (");
        Result ov = docker("network", "create", "-d", "overlay", "--attachable", "ov");
        assertThat(ov.code()).as(ov.err()).isZero();
        assertThat(docker("network", "ls", "--filter", "scope=swarm", "--format", "{{.Name}}").out().lines().toList())
                .containsExactlyInAnyOrder("ingress", "ov");
        assertThat(docker("node", "ls").out()).contains("Leader").contains("Ready");
        Result services = docker("service", "create", "busybox");
        assertThat(services.code()).isNotZero();
        assertThat(services.err()).contains("not supported by Drydock");
        Result leave = docker("swarm", "leave");
        assertThat(leave.code()).isEqualTo(1);
        assertThat(leave.err()).contains("--force");
        assertThat(docker("swarm", "leave", "--force").out()).contains("Node left the swarm.");
        assertThat(docker("info", "--format", "{{.Swarm.LocalNodeState}}").out().trim()).isEqualTo("inactive");
    }

    @Test
    void dockerJavaCreatesInspectsListsAndRemovesNetworks() throws Exception {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(drydock.tcpUri().toString()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        try (DockerClient client = DockerClientImpl.getInstance(config, http)) {
            String id = client.createNetworkCmd().withName("javanet").withLabels(Map.of("a", "b"))
                    .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet("10.70.0.0/24")
                            .withGateway("10.70.0.1")))
                    .exec().getId();
            Network n = client.inspectNetworkCmd().withNetworkId("javanet").exec();
            assertThat(n.getId()).isEqualTo(id);
            assertThat(n.getDriver()).isEqualTo("bridge");
            assertThat(n.getScope()).isEqualTo("local");
            assertThat(n.getLabels()).isEqualTo(Map.of("a", "b"));
            assertThat(n.getIpam().getConfig().get(0).getSubnet()).isEqualTo("10.70.0.0/24");
            assertThat(n.getIpam().getConfig().get(0).getGateway()).isEqualTo("10.70.0.1");
            assertThat(client.listNetworksCmd().exec()).extracting(Network::getName)
                    .contains("bridge", "host", "none", "javanet");
            assertThat(client.listNetworksCmd().withNameFilter("javanet").exec()).hasSize(1);
            assertThatThrownBy(() -> client.createNetworkCmd().withName("javanet").exec())
                    .isInstanceOf(ConflictException.class);
            client.removeNetworkCmd(id).exec();
            assertThatThrownBy(() -> client.inspectNetworkCmd().withNetworkId("javanet").exec())
                    .isInstanceOf(NotFoundException.class);
        }
    }
}
