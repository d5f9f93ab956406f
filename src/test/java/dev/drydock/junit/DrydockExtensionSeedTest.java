package dev.drydock.junit;

import dev.drydock.admin.Seed;
import dev.drydock.testing.DockerCli;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Preloaded images, a Java program, seeded state and a fixed clock: there for every test, whatever the last did. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrydockExtensionSeedTest {
    private static final Instant START = Instant.parse("2026-02-02T08:00:00Z");

    @RegisterExtension
    static DrydockExtension drydock = DrydockExtension.newInstance()
            .withImages("busybox", "nginx:1.27")
            .withProgram("acme/greeter:1", ctx -> {
                ctx.out("hello, " + String.join(" ", ctx.argv()) + "\n");
                return 7;
            })
            .withSeed(Seed.create().container(Seed.containerDef("db").image("busybox").exited(0)
                    .finishedAgo(Duration.ofMinutes(30))))
            .withFixedClock(START)
            .configure(c -> c.idSeed(3))
            .build();

    private static List<String> images(DockerCli cli) {
        return cli.run(drydock.tcpHost(), "images", "--format", "{{.Repository}}:{{.Tag}}").stdout().lines()
                .sorted().toList();
    }

    @Test
    @Order(1)
    void preloadedImagesAndProgramsAreThereAndTheTestMayChangeThem() {
        DockerCli cli = DockerCli.require();
        assertThat(images(cli)).containsExactly("acme/greeter:1", "busybox:latest", "nginx:1.27");
        DockerCli.Result run = cli.run(drydock.tcpHost(), "run", "--name", "greet", "acme/greeter:1", "world");
        assertThat(run.stdout()).isEqualTo("hello, world\n");
        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(cli.run(drydock.tcpHost(), "ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout().lines()
                .sorted().toList()).containsExactly("db Exited (0) 30 minutes ago", "greet Exited (7) Less than a second ago");

        cli.run(drydock.tcpHost(), "rm", "-f", "greet", "db");
        cli.run(drydock.tcpHost(), "rmi", "-f", "nginx:1.27");
        cli.run(drydock.tcpHost(), "tag", "busybox", "mine:1");
        cli.run(drydock.tcpHost(), "pull", "-q", "alpine");
        drydock.clock().advance(Duration.ofDays(1));
        assertThat(images(cli)).doesNotContain("nginx:1.27").contains("mine:1", "alpine:latest");
    }

    @Test
    @Order(2)
    void theNextTestStartsFromTheSeedAgain() {
        DockerCli cli = DockerCli.require();
        assertThat(images(cli)).containsExactly("acme/greeter:1", "busybox:latest", "nginx:1.27");
        assertThat(drydock.clock().instant()).isEqualTo(START);
        assertThat(cli.run(drydock.tcpHost(), "ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout())
                .isEqualTo("db Exited (0) 30 minutes ago\n");
        assertThat(cli.run(drydock.tcpHost(), "run", "--rm", "acme/greeter:1", "again").stdout())
                .isEqualTo("hello, again\n");
    }
}
