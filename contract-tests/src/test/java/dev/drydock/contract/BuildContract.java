package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic builder ({@code POST /build}): Dockerfile errors found before the build starts are a 400 with the
 * daemon's exact wording, and every RUN gets a real intermediate container, removed after the step unless
 * {@code rm=0}. The builds use only {@code busybox}, which the reference Engine has locally.
 */
public abstract class BuildContract extends HostContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUNNING_IN = Pattern.compile(" ---> Running in ([0-9a-f]{12})\n");

    private static byte[] context(String dockerfile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = dockerfile.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("Dockerfile");
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private HostResponse build(String dockerfile, String query) {
        return client.request("POST", "/v" + COMMON_VERSION + "/build?" + query,
                Map.of("Content-Type", "application/x-tar"), context(dockerfile));
    }

    private String parseError(String dockerfile) {
        HostResponse r = build(dockerfile, "rm=1");
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.header("Content-Type")).contains("application/json");
        return r.json().path("message").asText();
    }

    @Test
    void dockerfileErrorsAreA400InTheClassicBuildersWords() {
        assumeServed("POST", "/build");
        assertThat(parseError("FROM busybox\nFOO bar\n"))
                .isEqualTo("dockerfile parse error line 2: unknown instruction: FOO");
        // No heredocs in the classic builder: the body's first line is an instruction it does not know.
        assertThat(parseError("FROM busybox\nRUN <<EOF\necho hi\nEOF\n"))
                .isEqualTo("dockerfile parse error line 3: unknown instruction: ECHO");
        assertThat(parseError("FROM busybox\nENV\n"))
                .isEqualTo("dockerfile parse error line 2: ENV requires at least one argument");
        assertThat(parseError("FROM busybox\nFROM\n"))
                .isEqualTo("dockerfile parse error line 2: FROM requires either one or three arguments");
        assertThat(parseError("FROM busybox\nCOPY a\n")).isEqualTo("dockerfile parse error line 2: COPY requires at "
                + "least two arguments, but only one was provided. Destination could not be determined");
        assertThat(parseError("FROM busybox\nRUN --foo echo\n"))
                .isEqualTo("dockerfile parse error line 2: Unknown flag: foo");
        assertThat(parseError("FROM busybox\nHEALTHCHECK --interval=1s --interval=2s CMD ls\n"))
                .isEqualTo("dockerfile parse error line 2: Duplicate flag specified: interval");
        assertThat(parseError("FROM busybox\nHEALTHCHECK --interval=x CMD ls\n"))
                .isEqualTo("dockerfile parse error line 2: time: invalid duration \"x\"");
        assertThat(parseError("FROM busybox AS 1st\n")).isEqualTo("dockerfile parse error line 1: invalid name for "
                + "build stage: \"1st\", name can't start with a number or contain symbols");
        assertThat(parseError("FROM busybox\nLABEL a\n")).isEqualTo("failed to parse Dockerfile: LABEL must have two "
                + "arguments");
        assertThat(parseError("# just a comment\n")).isEqualTo("failed to parse Dockerfile: file with no instructions");
        assertThat(parseError("RUN echo\n")).isEqualTo("no build stage in current context");
    }

    /** The intermediate container IDs the stream names, in order. */
    private static List<String> runningIn(String stream) {
        List<String> ids = new ArrayList<>();
        Matcher m = RUNNING_IN.matcher(stream);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String streamText(HostResponse r) {
        StringBuilder sb = new StringBuilder();
        for (String line : r.text().split("\n")) {
            if (!line.isBlank()) {
                JsonNode j;
                try {
                    j = JSON.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sb.append(j.path("stream").asText(""));
                if (j.has("error")) {
                    sb.append("ERROR: ").append(j.path("error").asText());
                }
            }
        }
        return sb.toString();
    }

    @Test
    void runStepsRunInIntermediateContainersThatRmRemoves() {
        assumeServed("POST", "/build");
        String df = "FROM busybox\nENV CONTRACT=build\nRUN echo contract-run\n";
        HostResponse kept = build(df, "rm=0&nocache=1");
        assertThat(kept.status()).isEqualTo(200);
        String text = streamText(kept);
        assertThat(text).contains("contract-run\n").doesNotContain("Removing intermediate container");
        List<String> ids = runningIn(text);
        assertThat(ids).hasSize(2);
        try {
            JsonNode env = client.get("/containers/" + ids.get(0) + "/json").json();
            assertThat(env.path("State").path("Status").asText()).isEqualTo("created");
            assertThat(env.path("Config").path("Cmd").toString())
                    .isEqualTo("[\"/bin/sh\",\"-c\",\"#(nop) \",\"ENV CONTRACT=build\"]");
            JsonNode run = client.get("/containers/" + ids.get(1) + "/json").json();
            assertThat(run.path("State").path("Status").asText()).isEqualTo("exited");
            assertThat(run.path("State").path("ExitCode").asInt()).isZero();
            assertThat(run.path("Config").path("Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"echo contract-run\"]");
            assertThat(run.path("Config").path("Env").toString()).contains("CONTRACT=build");
        } finally {
            ids.forEach(id -> client.delete("/containers/" + id + "?force=1"));
        }
        HostResponse removed = build(df, "rm=1&nocache=1");
        String text2 = streamText(removed);
        List<String> ids2 = runningIn(text2);
        assertThat(ids2).hasSize(2);
        for (String id : ids2) {
            assertThat(text2).contains("Removing intermediate container " + id + "\n");
            assertThat(client.get("/containers/" + id + "/json").status()).isEqualTo(404);
        }
    }

    @Test
    void aFailedRunKeepsItsContainerUnlessForceRm() {
        assumeServed("POST", "/build");
        String df = "FROM busybox\nRUN echo failing; exit 3\n";
        String text = streamText(build(df, "rm=1&nocache=1"));
        assertThat(text).endsWith("ERROR: The command '/bin/sh -c echo failing; exit 3' returned a non-zero code: 3");
        String id = runningIn(text).get(0);
        try {
            JsonNode c = client.get("/containers/" + id + "/json").json();
            assertThat(c.path("State").path("ExitCode").asInt()).isEqualTo(3);
        } finally {
            client.delete("/containers/" + id + "?force=1");
        }
        String forced = streamText(build(df, "rm=1&forcerm=1&nocache=1"));
        String id2 = runningIn(forced).get(0);
        assertThat(forced).contains("failing\nRemoving intermediate container " + id2 + "\nERROR: ");
        assertThat(client.get("/containers/" + id2 + "/json").status()).isEqualTo(404);
    }
}
