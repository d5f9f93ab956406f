package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applets through the real docker CLI ({@code docker run --rm busybox sh -c ...}): what they print about the
 * simulated network and processes, and the text/byte tools. Expected lines were recorded from the reference
 * Engine's busybox image (host-specific numbers such as interface indexes aside).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AppletsCliEndToEndTest {
    static Drydock d;
    static Cli cli;

    @BeforeAll
    static void start() {
        d = Wired.start();
        cli = Cli.require(d.tcpUri());
        cli.ok("pull", "busybox");
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    void networkAndProcessAppletsAnswerFromTheSimulatedState() {
        Cli.Result r = cli.run("run", "--rm", "--hostname", "h1", "busybox", "sh", "-c",
                "ip route; hostname -i; ip -4 addr show eth0 | tail -2; (nc -l -p 8080 &);"
                        // until it listens, not a guessed sleep 0.5 (the background nc may start later under load)
                        + " until netstat -tln | grep -q ':8080 '; do sleep 0.05; done;"
                        + " netstat -tln; ps | grep -c '^ *[0-9]* root *nc -l'; ps | head -1");
        assertThat(r.code()).as(r.err()).isZero();
        // The default bridge's first address, as on the reference Engine.
        assertThat(r.out()).isEqualTo("default via 172.17.0.1 dev eth0 \n"
                + "172.17.0.0/16 dev eth0 scope link  src 172.17.0.2 \n"
                + "172.17.0.2\n"
                + "    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\n"
                + "       valid_lft forever preferred_lft forever\n"
                + "Active Internet connections (only servers)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n"
                + "tcp        0      0 :::8080                 :::*                    LISTEN      \n"
                + "1\nPID   USER     COMMAND\n");
    }

    @Test
    void diffOdAndSedBranchingWorkInAContainer() {
        Cli.Result r = cli.run("run", "--rm", "busybox", "sh", "-c",
                "printf 'a\\nb\\n' > /tmp/x; printf 'a\\nc\\n' > /tmp/y; diff -u /tmp/x /tmp/y; echo rc=$?;"
                        + " printf 'hi\\n' | od -c; printf '1\\n2\\n3\\n' | sed ':a;N;$!ba;s/\\n/+/g';"
                        + " echo 'x y' | awk '{ \"echo inner\" | getline v; print v, $2 }'");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("--- /tmp/x\n+++ /tmp/y\n@@ -1,2 +1,2 @@\n a\n-b\n+c\nrc=1\n"
                + "0000000   h   i  \\n\n0000003\n1+2+3\ninner y\n");
    }
}
