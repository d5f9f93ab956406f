package dev.drydock.contract;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /containers/{id}/archive} and {@code GET /containers/{id}/export}: the heads a daemon sends (a streamed
 * body without a length, the path-stat header, export's sniffed content type) and the errors it answers before any
 * body; and the 1.41 list and inspect field sets of such a container. A busybox container with a unique name,
 * created (not started) and removed afterwards; and a started one whose file, read while it is paused, shows that
 * the freezer stopped its loop.
 */
public abstract class ContainerFilesContract extends HostContract {
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void busybox() {
        if (client.get(commonPrefix() + "/images/busybox/json").status() == 404) {
            HostResponse pull = client.post(commonPrefix() + "/images/create?fromImage=busybox&tag=latest", null);
            assertThat(pull.status()).as("pull busybox: %s", pull).isEqualTo(200);
        }
    }

    @AfterEach
    void removeContainers() {
        for (String id : created) {
            client.delete(commonPrefix() + "/containers/" + id + "?force=1");
        }
        created.clear();
    }

    private String container() {
        HostResponse r = client.post(commonPrefix() + "/containers/create?name=" + uniqueName("files"),
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}");
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        String id = r.json().path("Id").asText();
        created.add(id);
        return id;
    }

    private static List<String> names(byte[] tar) {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e.getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A file's size from the path-stat header of HEAD archive (answered while the container is paused). */
    private long size(String id, String path) {
        HostResponse r = client.head(commonPrefix() + "/containers/" + id + "/archive?path=" + path);
        if (r.status() == 404) {
            return 0;
        }
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        String stat = new String(Base64.getDecoder().decode(r.header("X-Docker-Container-Path-Stat").orElseThrow()),
                StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"size\":(\\d+)").matcher(stat);
        assertThat(m.find()).as("size in %s", stat).isTrue();
        return Long.parseLong(m.group(1));
    }

    private long awaitSizeAbove(String id, String path, long min) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long s = size(id, path);
        while (s <= min && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = size(id, path);
        }
        assertThat(s).as("size of %s", path).isGreaterThan(min);
        return s;
    }

    @Test
    void pauseFreezesACpuBoundLoopAndAKillWhilePausedEndsIt() throws InterruptedException {
        // The loop neither sleeps nor writes to stdout: only the freezer stops it. Its file is read while paused.
        HostResponse r = client.post(commonPrefix() + "/containers/create?name=" + uniqueName("spin"),
                "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"i=0; while :; do i=$((i+1)); echo $i >> /tmp/n;"
                        + " done\"]}");
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        String id = r.json().path("Id").asText();
        created.add(id);
        assertThat(client.post(commonPrefix() + "/containers/" + id + "/start", null).status()).isEqualTo(204);
        awaitSizeAbove(id, "/tmp/n", 100);

        assertThat(client.post(commonPrefix() + "/containers/" + id + "/pause", null).status()).isEqualTo(204);
        long atPause = size(id, "/tmp/n");
        Thread.sleep(400);
        // At most the one append under way when the freeze came; running, the loop appends thousands of lines.
        assertThat(size(id, "/tmp/n") - atPause).as("bytes appended while paused").isLessThan(12);
        assertThat(client.post(commonPrefix() + "/containers/" + id + "/unpause", null).status()).isEqualTo(204);
        awaitSizeAbove(id, "/tmp/n", atPause + 100);

        assertThat(client.post(commonPrefix() + "/containers/" + id + "/pause", null).status()).isEqualTo(204);
        assertThat(client.post(commonPrefix() + "/containers/" + id + "/kill", null).status()).isEqualTo(204);
        HostResponse waited = client.post(commonPrefix() + "/containers/" + id + "/wait", null);
        assertThat(waited.json().path("StatusCode").asInt()).as("%s", waited).isEqualTo(137);
        com.fasterxml.jackson.databind.JsonNode state = client.get(commonPrefix() + "/containers/" + id + "/json")
                .json().path("State");
        assertThat(state.path("Status").asText()).isEqualTo("exited");
        assertThat(state.path("Paused").asBoolean()).isFalse();
    }

    @Test
    void archiveStreamsATarWithThePathStatHeader() {
        String id = container();
        HostResponse r = client.get(commonPrefix() + "/containers/" + id + "/archive?path=/etc/passwd");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(mediaType(r.header("Content-Type"))).isEqualTo("application/x-tar");
        // Go's server holds the first 2 KB: a tar that fits (a small file's) goes out with its length.
        assertThat(r.header("Content-Length")).as("a small tar's length").contains(String.valueOf(r.body().length));
        String stat = new String(Base64.getDecoder().decode(r.header("X-Docker-Container-Path-Stat").orElseThrow()),
                StandardCharsets.UTF_8);
        assertThat(stat).startsWith("{\"name\":\"passwd\",\"size\":");
        assertThat(names(r.body())).containsExactly("passwd");

        HostResponse dir = client.get(commonPrefix() + "/containers/" + id + "/archive?path=/bin");
        assertThat(dir.status()).as("%s", dir).isEqualTo(200);
        assertThat(dir.header("Content-Length")).as("a larger tar streams as it is written").isEmpty();
        assertThat(dir.header("Transfer-Encoding")).contains("chunked");
        assertThat(names(dir.body())).contains("bin/", "bin/sh");

        HostResponse missing = client.get(commonPrefix() + "/containers/" + id + "/archive?path=/nope");
        assertThat(errorMessage(missing, 404)).isEqualTo("Could not find the file /nope in container " + id);
        assertThat(missing.header("X-Docker-Container-Path-Stat")).isEmpty();
    }

    @Test
    void exportStreamsTheFilesystemAsOctetStream() {
        String id = container();
        HostResponse r = client.get(commonPrefix() + "/containers/" + id + "/export");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        // The daemon sets no type; Go's sniffing names the tar's first bytes application/octet-stream.
        assertThat(mediaType(r.header("Content-Type"))).isEqualTo("application/octet-stream");
        assertThat(r.header("Content-Length")).as("the tar streams as it is written").isEmpty();
        assertThat(names(r.body())).contains("etc/passwd", "bin/busybox");
        assertThat(errorMessage(client.get(commonPrefix() + "/containers/" + uniqueName("none") + "/export"), 404))
                .startsWith("No such container: ");
    }

    private static List<String> keys(com.fasterxml.jackson.databind.JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Not a files route, but the same created container: the 1.41 list and inspect field sets. */
    @Test
    void listAndInspectAt141HaveTheFieldSetOfThatVersion() {
        String id = container();
        HostResponse list = client.get(commonPrefix() + "/containers/json?all=1&filters="
                + filters(java.util.Map.of("id", List.of(id))));
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode e = list.json().path(0);
        assertThat(keys(e)).containsExactly("Id", "Names", "Image", "ImageID", "Command", "Created", "Ports",
                "Labels", "State", "Status", "HostConfig", "NetworkSettings", "Mounts");
        assertThat(keys(e.path("HostConfig"))).containsExactly("NetworkMode");
        HostResponse inspect = client.get(commonPrefix() + "/containers/" + id + "/json");
        assertThat(keys(inspect.json())).containsExactly("Id", "Created", "Path", "Args", "State", "Image",
                "ResolvConfPath", "HostnamePath", "HostsPath", "LogPath", "Name", "RestartCount", "Driver", "Platform",
                "MountLabel", "ProcessLabel", "AppArmorProfile", "ExecIDs", "HostConfig", "GraphDriver", "Mounts",
                "Config", "NetworkSettings");
        assertThat(keys(inspect.json().path("State"))).containsExactly("Status", "Running", "Paused", "Restarting",
                "OOMKilled", "Dead", "Pid", "ExitCode", "Error", "StartedAt", "FinishedAt");
        assertThat(keys(inspect.json().path("NetworkSettings"))).contains("Bridge", "SandboxID", "IPAddress",
                "MacAddress", "Networks");
    }
}
