package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker exec} without a hijack: create, start (a 200 stream, or detached), inspect before and after,
 * and the errors clients rely on. Runs in one {@code busybox sleep 300} container with a unique name, removed
 * afterwards; the target must already have busybox:latest (Drydock pulls it from its simulated registry).
 */
public abstract class ExecContract extends HostContract {
    protected static final String BASE = "busybox:latest";
    private String containerId;
    private String missing;

    /** Makes {@value #BASE} present on a target that starts without it. */
    protected void provideBaseImage() {
    }

    @BeforeAll
    final void startContainer() {
        if (client == null) {
            return; // The target is unavailable; HostContract reports every test skipped.
        }
        provideBaseImage();
        if (client.get(commonPrefix() + "/images/" + BASE + "/json").status() == 404) {
            missing = "SKIPPED ExecContract on " + target.name() + ": " + BASE + " is not present there";
            System.err.println("[contract] " + missing);
            return;
        }
        HostResponse r = client.post(commonPrefix() + "/containers/create?name=" + uniqueName("exec"),
                "{\"Image\":\"" + BASE + "\",\"Cmd\":[\"sleep\",\"300\"]}");
        assertThat(r.status()).as("create: %s", r).isEqualTo(201);
        containerId = r.json().path("Id").asText();
        assertThat(client.post(commonPrefix() + "/containers/" + containerId + "/start", null).status()).isEqualTo(204);
    }

    @AfterAll
    final void removeContainer() {
        if (containerId != null) {
            client.delete(commonPrefix() + "/containers/" + containerId + "?force=1");
        }
    }

    @BeforeEach
    final void requireContainer() {
        if (missing != null) {
            Assumptions.abort(missing);
        }
    }

    private String createExec(String body) {
        HostResponse r = client.post(commonPrefix() + "/containers/" + containerId + "/exec", body);
        assertThat(r.status()).as("exec create %s: %s", body, r).isEqualTo(201);
        return assertJsonConforms("POST", "/containers/{id}/exec", r).path("Id").asText();
    }

    private JsonNode inspect(String id) {
        HostResponse r = client.get(commonPrefix() + "/exec/" + id + "/json");
        assertThat(r.status()).as("exec inspect: %s", r).isEqualTo(200);
        return assertJsonConforms("GET", "/exec/{id}/json", r);
    }

    /** Inspect until the exec ended: a detached exec ends on its own time. */
    private JsonNode awaitExit(String id) throws InterruptedException {
        JsonNode e = inspect(id);
        for (int i = 0; i < 100 && e.path("ExitCode").isNull(); i++) {
            Thread.sleep(50);
            e = inspect(id);
        }
        return e;
    }

    private HostResponse start(String id, String body) {
        return client.post(commonPrefix() + "/exec/" + id + "/start", body);
    }

    @Test
    void createStartAndInspectBeforeAndAfter() {
        String id = createExec("{\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"Cmd\":[\"sh\",\"-c\",\"echo execout; echo execerr >&2; exit 2\"]}");
        assertThat(id).matches("[0-9a-f]{64}");
        JsonNode before = inspect(id);
        assertThat(before.path("ID").asText()).isEqualTo(id);
        assertThat(before.path("Running").asBoolean()).isFalse();
        assertThat(before.path("ExitCode").isNull()).as("ExitCode before start: %s", before).isTrue();
        assertThat(before.path("Pid").asInt()).isZero();
        assertThat(before.path("ContainerID").asText()).isEqualTo(containerId);
        assertThat(before.path("OpenStdout").asBoolean()).isTrue();
        assertThat(before.path("OpenStderr").asBoolean()).isTrue();
        assertThat(before.path("OpenStdin").asBoolean()).isFalse();
        assertThat(before.path("CanRemove").asBoolean()).isFalse();
        assertThat(before.path("DetachKeys").asText()).isEmpty();
        JsonNode pc = before.path("ProcessConfig");
        assertThat(pc.path("entrypoint").asText()).isEqualTo("sh");
        assertThat(texts(pc.path("arguments"))).containsExactly("-c", "echo execout; echo execerr >&2; exit 2");
        assertThat(pc.path("tty").asBoolean()).isFalse();
        assertThat(pc.path("privileged").asBoolean()).isFalse();
        assertThat(pc.has("user")).as("user is left out when none was given: %s", pc).isFalse();

        HostResponse r = start(id, "{\"Detach\":false,\"Tty\":false}");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).contains("application/vnd.docker.raw-stream");
        List<String[]> frames = frames(r.body());
        assertThat(joined(frames, "1")).isEqualTo("execout\n");
        assertThat(joined(frames, "2")).isEqualTo("execerr\n");

        JsonNode after = inspect(id);
        assertThat(after.path("ExitCode").asInt()).as("%s", after).isEqualTo(2);
        assertThat(after.path("Running").asBoolean()).isFalse();
        assertThat(after.path("Pid").asInt()).isPositive();
    }

    @Test
    void aTtyStartStreamsRawBytes() {
        String id = createExec("{\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,"
                + "\"Cmd\":[\"sh\",\"-c\",\"echo out; echo err >&2\"]}");
        HostResponse r = start(id, "{\"Tty\":true}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("out\r\nerr\r\n");
        assertThat(inspect(id).path("ProcessConfig").path("tty").asBoolean()).isTrue();
    }

    @Test
    void userEnvAndWorkingDirApply() {
        String id = createExec("{\"AttachStdout\":true,\"User\":\"nobody\",\"Env\":[\"GREETING=hello\"],"
                + "\"WorkingDir\":\"/tmp\",\"Cmd\":[\"sh\",\"-c\",\"echo $GREETING $(pwd) $(id -u)\"]}");
        assertThat(inspect(id).path("ProcessConfig").path("user").asText()).isEqualTo("nobody");
        HostResponse r = start(id, "{}");
        assertThat(joined(frames(r.body()), "1")).isEqualTo("hello /tmp 65534\n");
    }

    @Test
    void aMissingBinaryIsReportedInTheStreamAndExits126() {
        String id = createExec("{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"nosuchcmd\"]}");
        HostResponse r = start(id, "{}");
        assertThat(r.status()).isEqualTo(200);
        List<String[]> frames = frames(r.body());
        assertThat(joined(frames, "1")).isEqualTo("OCI runtime exec failed: exec failed: unable to start container "
                + "process: exec: \"nosuchcmd\": executable file not found in $PATH: unknown\r\n");
        JsonNode after = inspect(id);
        assertThat(after.path("ExitCode").asInt()).isEqualTo(126);
        assertThat(texts(after.path("ProcessConfig").path("arguments"))).isEmpty();
    }

    @Test
    void detachedStartAnswersAnEmpty200AndTheExecEndsOnItsOwn() throws InterruptedException {
        String id = createExec("{\"Cmd\":[\"sh\",\"-c\",\"exit 4\"]}");
        HostResponse r = start(id, "{\"Detach\":true}");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(awaitExit(id).path("ExitCode").asInt()).isEqualTo(4);
        assertThat(errorMessage(start(id, "{\"Detach\":true}"), 409))
                .isEqualTo("Error: Exec command " + id + " has already run");
    }

    @Test
    void anExecNotStartedIsListedInContainerInspect() {
        String id = createExec("{\"Cmd\":[\"true\"]}");
        HostResponse r = client.get(commonPrefix() + "/containers/" + containerId + "/json");
        assertThat(texts(r.json().path("ExecIDs"))).contains(id);
    }

    @Test
    void errorsClientsRelyOn() {
        assertThat(errorMessage(client.get(commonPrefix() + "/exec/nonexistent/json"), 404))
                .isEqualTo("No such exec instance: nonexistent");
        assertThat(errorMessage(start("nonexistent", "{}"), 404)).isEqualTo("No such exec instance: nonexistent");
        String box = uniqueName("nobox");
        assertThat(errorMessage(client.post(commonPrefix() + "/containers/" + box + "/exec",
                "{\"Cmd\":[\"true\"]}"), 404)).isEqualTo("No such container: " + box);
        assertThat(errorMessage(client.post(commonPrefix() + "/containers/" + containerId + "/exec",
                "{\"Cmd\":[]}"), 400)).isEqualTo("No exec command specified");
        HostResponse created = client.post(commonPrefix() + "/containers/create?name=" + uniqueName("exited"),
                "{\"Image\":\"" + BASE + "\",\"Cmd\":[\"true\"]}");
        String exited = created.json().path("Id").asText();
        try {
            assertThat(errorMessage(client.post(commonPrefix() + "/containers/" + exited + "/exec",
                    "{\"Cmd\":[\"true\"]}"), 409)).isEqualTo("Container " + exited + " is not running");
        } finally {
            client.delete(commonPrefix() + "/containers/" + exited + "?force=1");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Splits a multiplexed body into [stream, payload] frames; fails on a malformed one. */
    private static List<String[]> frames(byte[] body) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        while (i < body.length) {
            assertThat(body.length - i).as("frame header").isGreaterThanOrEqualTo(8);
            int type = body[i];
            assertThat(type).as("stream type").isIn(1, 2);
            int size = ((body[i + 4] & 0xff) << 24) | ((body[i + 5] & 0xff) << 16) | ((body[i + 6] & 0xff) << 8)
                    | (body[i + 7] & 0xff);
            assertThat(body.length - i - 8).as("frame payload").isGreaterThanOrEqualTo(size);
            out.add(new String[]{Integer.toString(type), new String(body, i + 8, size, StandardCharsets.UTF_8)});
            i += 8 + size;
        }
        return out;
    }

    private static String joined(List<String[]> frames, String type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        frames.stream().filter(f -> f[0].equals(type)).forEach(f -> b.writeBytes(f[1].getBytes(StandardCharsets.UTF_8)));
        return b.toString(StandardCharsets.UTF_8);
    }
}
