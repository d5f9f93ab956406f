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
 * created (not started) and removed afterwards.
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
