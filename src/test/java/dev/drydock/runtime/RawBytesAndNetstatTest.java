package dev.drydock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.drydock.runtime.net.NetStack;

/** Escapes that name a byte write that byte, and netstat shows listeners as busybox does (checked on dockerd). */
class RawBytesAndNetstatTest {
    private final Rig rig = new Rig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void octalAndHexEscapesWriteRawBytesNotTheirUtf8() {
        SimRuntime.Result r = rig.sh("printf '\\377' | od -An -tx1; printf '\\377\\x41\\303\\n' | od -An -tx1;"
            + " echo -e '\\xff\\0101\\0303' | od -An -tx1; printf '%b' '\\0351\\n' | od -An -tx1;"
            + " echo -n 'é' | od -An -tx1; printf '\\777' | od -An -tx1; /bin/echo -e '\\xfe' | od -An -tx1");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo(" ff\n ff 41 c3 0a\n ff 41 c3 0a\n e9 0a\n c3 a9\n 3f 37\n fe 0a\n");
    }

    @Test
    void awkStringEscapesAndPrintfCWriteRawBytesAndInputBytesPassThrough() {
        // Recorded from busybox 1.35 on dockerd: strings are bytes, \0 ends one, an unknown escape drops its
        // backslash, %c of a number is its low byte.
        SimRuntime.Result r = rig.sh(
            "awk 'BEGIN{printf \"\\377\"}' | od -An -tx1\n"
            + "awk 'BEGIN{print \"\\377\\x41\\xff\\x4142|\\1\\18|\\400\"}' | od -An -tx1\n"
            + "awk 'BEGIN{print \"\\a\\b\\f\\v\\q\\/\\e\\\"\\\\|\\xg|\\x\"}' | od -An -tx1\n"
            + "awk 'BEGIN{print \"a\\0b\"; print length(\"x\\0y\"), length(\"\\377\")}'\n"
            + "awk -v v='\\377\\x41' 'BEGIN{printf \"%s\\n\", v}' | od -An -tx1\n"
            + "printf 'x\\351y\\n' | awk '{print; print length($0); print toupper($0)}' | od -An -tx1\n"
            + "awk 'BEGIN{printf \"%c%c%c%c\", 255, 256, 321, -1; printf \"%c|%c|%5s|%-3c|\\n\", \"\", \"abc\", \"\\351\", \"\\351\"}' | od -An -tx1\n"
            + "awk 'BEGIN{printf \"\\351\" > \"/tmp/awkf\"; close(\"/tmp/awkf\"); getline x < \"/tmp/awkf\"; print length(x)}'; od -An -tx1 /tmp/awkf\n"
            + "echo a.b | awk '{gsub(\"\\.\", \"x\"); print}'\n"
            + "awk 'BEGIN { x = \"\\351\"; if (x ~ /\\351/) print \"m\"; if (x ~ \"\\351\") print \"d\" }'\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo(
            " ff\n"
            + " ff 41 ff 41 34 32 7c 01 01 38 7c 20 30 0a\n"
            + " 07 08 0c 0b 71 2f 1b 22 5c 7c 78 67 7c 78 0a\n"
            + "a\n"
            + "1 1\n"
            + " ff 41 0a\n"
            + " 78 e9 79 0a 33 0a 58 e9 59 0a\n"
            + " ff 00 41 ff 00 7c 61 7c 20 20 20 20 e9 7c e9 20\n"
            + " 20 7c 0a\n"
            + "1\n"
            + " e9\n"
            + "xxx\n"
            + "m\n"
            + "d\n");
    }

    @Test
    void netstatShowsAListenerOnEveryAddressAsTheIpv6Wildcard() throws Exception {
        NetStack net = rig.rt.loopbackNet("c0ffee");
        SimProcess nc = rig.rt.start(rig.spec("nc", "-l", "-p", "8080").net(net).build());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!net.listeningPorts().contains(8080) && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        SimRuntime.Result r = rig.run(rig.spec("netstat", "-tln").net(net).build());
        assertThat(r.stdout()).isEqualTo("Active Internet connections (only servers)\n"
            + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n"
            + "tcp        0      0 :::8080                 :::*                    LISTEN      \n");
        nc.signal(Signals.SIGKILL);
    }

    @Test
    void netstatAndProcNetTcpShowTheAddressAProgramBound() throws Exception {
        NetStack net = rig.rt.loopbackNet("c0ffee");
        rig.write("/www/index.html", "hi\n");
        SimProcess nc = rig.rt.start(rig.spec("nc", "-l", "-p", "8080").net(net).build());
        SimProcess httpd = rig.rt.start(rig.spec("httpd", "-f", "-p", "127.0.0.1:8084", "-h", "/www").net(net).build());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!net.listeningPorts().containsAll(java.util.List.of(8080, 8084)) && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        // As on dockerd: IPv4-bound sockets (from /proc/net/tcp) come first, then the dual-stack ones (tcp6).
        SimRuntime.Result r = rig.run(rig.spec("netstat", "-tln").net(net).build());
        assertThat(r.stdout()).isEqualTo("Active Internet connections (only servers)\n"
            + "Proto Recv-Q Send-Q Local Address           Foreign Address         State       \n"
            + "tcp        0      0 127.0.0.1:8084          0.0.0.0:*               LISTEN      \n"
            + "tcp        0      0 :::8080                 :::*                    LISTEN      \n");
        String tcp = rig.run(rig.spec("sh", "-c", "awk 'NR > 1 {print $2}' /proc/net/tcp; echo --;"
            + " awk 'NR > 1 {print $2}' /proc/net/tcp6").net(net).build()).stdout();
        assertThat(tcp).isEqualTo("0100007F:1F94\n--\n00000000000000000000000000000000:1F90\n");
        nc.signal(Signals.SIGKILL);
        httpd.signal(Signals.SIGKILL);
    }
}
