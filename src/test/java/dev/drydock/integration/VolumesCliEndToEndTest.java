package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real docker CLI with bind mounts, tmpfs, --volumes-from and volume removal, as issue 6 lists them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VolumesCliEndToEndTest {
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
    void aReadonlyBindMountReadsButRefusesWrites(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("in.txt"), "fixture\n");
        String mount = "type=bind,src=" + dir + ",dst=/mnt,readonly";
        Cli.Result read = cli.run("run", "--rm", "--mount", mount, "busybox", "cat", "/mnt/in.txt");
        assertThat(read.code()).as(read.err()).isZero();
        assertThat(read.out()).isEqualTo("fixture\n");

        Cli.Result write = cli.run("run", "--rm", "--mount", mount, "busybox", "sh", "-c", "echo x > /mnt/new");
        assertThat(write.code()).isNotZero();
        assertThat(write.err()).contains("Read-only file system");
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void aBindMountRoundTripsFilesWithTheHost(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("from-host"), "written on the host\n");
        Cli.Result r = cli.run("run", "--rm", "-v", dir + ":/mnt", "busybox", "sh", "-c",
                "cat /mnt/from-host; echo made inside > /mnt/from-container");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("written on the host\n");
        assertThat(Files.readString(dir.resolve("from-container"), StandardCharsets.UTF_8))
                .isEqualTo("made inside\n");
    }

    @Test
    void aTmpfsIsWritableAndNothingPersistsToTheNextContainer() {
        Cli.Result first = cli.run("run", "--rm", "--tmpfs", "/run", "busybox", "sh", "-c",
                "echo scratch > /run/f && cat /run/f");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("scratch\n");

        Cli.Result second = cli.run("run", "--rm", "--tmpfs", "/run", "busybox", "ls", "-A", "/run");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).isEmpty();
    }

    @Test
    void aTmpfsSizeIsEnforcedWithNoSpaceLeftOnDeviceAndDfShowsIt() {
        // Expected lines recorded from the reference Engine (busybox image, --tmpfs /run:size=1m).
        Cli.Result r = cli.run("run", "--rm", "--tmpfs", "/run:size=1m", "busybox", "sh", "-c",
                "df /run; head -c 2000000 /dev/zero | cat > /run/f; echo rc=$?; ls -l /run/f | awk '{print $5}';"
                        + " df /run; df -h /run | tail -1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("cat: write error: No space left on device\n");
        assertThat(r.out()).isEqualTo("Filesystem           1K-blocks      Used Available Use% Mounted on\n"
                + "tmpfs                     1024         0      1024   0% /run\n"
                + "rc=1\n1048576\n"
                + "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
                + "tmpfs                     1024      1024         0 100% /run\n"
                + "tmpfs                     1.0M      1.0M         0 100% /run\n");
    }

    @Test
    void procMountsAndMountShowVolumesBindsAndTmpfsWithTheirOptions(@TempDir Path dir) {
        Cli.Result r = cli.run("run", "--rm", "-v", "mounts-vol:/data", "-v", dir + ":/h:ro",
                "--tmpfs", "/run:size=1m", "--mount", "type=tmpfs,dst=/scratch,tmpfs-mode=1770,tmpfs-size=64k", "busybox", "sh", "-c",
                "grep -E ' /(data|h|run|scratch) ' /proc/mounts; mount | grep ' /run ';"
                        + " head -c 70000 /dev/zero > /scratch/f; echo rc=$?; wc -c < /scratch/f");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).containsExactlyInAnyOrder(
                "/dev/vda /data ext4 rw,relatime 0 0",
                "/dev/vda /h ext4 ro,relatime 0 0",
                "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k 0 0",
                "tmpfs /scratch tmpfs rw,nosuid,nodev,noexec,relatime,size=64k,mode=1770 0 0",
                "tmpfs on /run type tmpfs (rw,nosuid,nodev,noexec,relatime,size=1024k)",
                "rc=1", "65536");
        // Mounts' TmpfsOptions.SizeBytes is enforced like --tmpfs size= (rc=1, the file stops at 64 KiB above).
        cli.run("volume", "rm", "mounts-vol");
    }

    @Test
    void volumesFromLetsASecondContainerReadTheFirstsVolume() {
        Cli.Result w = cli.run("run", "--name", "vf-src", "-v", "vfvol:/shared", "busybox", "sh", "-c",
                "echo shared data > /shared/x");
        assertThat(w.code()).as(w.err()).isZero();
        Cli.Result r = cli.run("run", "--rm", "--volumes-from", "vf-src", "busybox", "cat", "/shared/x");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("shared data\n");
        cli.run("rm", "vf-src");
    }

    @Test
    void aMissingBindSourceWithMountFails() {
        Cli.Result r = cli.run("run", "--rm", "--mount", "type=bind,src=/nonexistent-xyz,dst=/x", "busybox", "true");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("bind source path does not exist");
        assertThat(Path.of("/nonexistent-xyz")).doesNotExist();
    }

    @Test
    void removingAVolumeInUseFailsWithTheDaemonsMessage() {
        Cli.Result c = cli.run("create", "--name", "holder", "-v", "busyvol:/data", "busybox");
        assertThat(c.code()).as(c.err()).isZero();
        String id = c.out().trim();
        Cli.Result rm = cli.run("volume", "rm", "busyvol");
        assertThat(rm.code()).isNotZero();
        assertThat(rm.err()).contains("Error response from daemon: remove busyvol: volume is in use - [" + id + "]");
        assertThat(cli.run("volume", "ls", "-q").out()).contains("busyvol");
        cli.run("rm", "holder");
        Cli.Result again = cli.run("volume", "rm", "busyvol");
        assertThat(again.code()).as(again.err()).isZero();
    }
}
