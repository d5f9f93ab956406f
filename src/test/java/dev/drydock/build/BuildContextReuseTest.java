package dev.drydock.build;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A context sent again (same tar) is not unpacked when every step is cached, and is unpacked, with its
 * {@code .dockerignore} applied, as soon as a step needs its files.
 */
class BuildContextReuseTest {
    private static Drydock drydock;
    private static BuildService service;

    /** A context of its own per test (the salt file), so each starts with a context the builder never saw. */
    private static byte[] context(String salt) {
        return ContextTar.of("""
            FROM busybox
            WORKDIR /app
            COPY . ./
            RUN ls /app && cat /app/a.txt
            """).file("a.txt", "alpha-content\n").file("secret.txt", "do not copy\n")
                .file(".dockerignore", "secret.txt\n").file("other.Dockerfile", "FROM busybox\nCOPY a.txt /copied\n")
                .file("salt", salt).tar();
    }

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build());
        drydock.engine().images().planPull("busybox", "latest", null, null)
                .forEach(drydock.engine().images()::completePull);
        service = new BuildService(drydock.engine());
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private record Built(Image image, String output, boolean stillSpooled) {
    }

    private static Built build(byte[] context, String dockerfile, boolean noCache) {
        BuildOptions d = BuildOptions.defaults();
        BuildOptions opts = new BuildOptions(dockerfile, List.of(), false, noCache, false, true, false, Map.of(),
                Map.of(), null, null, null, List.of(), List.of(), Map.of());
        BuildService.Prepared p = service.prepare(new ByteArrayInputStream(context), context.length, opts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Image img = service.run(p, new BuildOutput(out, d.quiet()));
        StringBuilder text = new StringBuilder();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            String stream = io.restassured.path.json.JsonPath.from(line).getString("stream");
            text.append(stream == null ? line + "\n" : stream);
        }
        assertThat(img).as(text.toString()).isNotNull();
        return new Built(img, text.toString(), p.context().spooled());
    }

    @Test
    void aFullyCachedRebuildLeavesTheContextPackedAndAMissUnpacksItWithItsDockerignore() {
        byte[] context = context("packed");
        Built first = build(context, null, false);
        assertThat(first.stillSpooled()).as("a context seen for the first time is unpacked").isFalse();
        assertThat(first.output()).contains("a.txt").contains("alpha-content").doesNotContain("secret.txt");

        Built cached = build(context, null, false);
        assertThat(cached.image().id()).isEqualTo(first.image().id());
        assertThat(cached.output()).contains(" ---> Using cache").doesNotContain("Running in");
        assertThat(cached.stillSpooled()).as("every step cached: the context never reached the filesystem").isTrue();

        // Same context, no cache: COPY needs the files now; .dockerignore still applies, RUN sees the copy.
        Built rebuilt = build(context, null, true);
        assertThat(rebuilt.stillSpooled()).isFalse();
        assertThat(rebuilt.output()).contains("alpha-content").contains("a.txt").doesNotContain("secret.txt")
                .doesNotContain("Using cache");
    }

    @Test
    void anotherDockerfileOfAKnownContextIsReadFromIt() {
        byte[] context = context("other");
        build(context, null, false);
        Built other = build(context, "other.Dockerfile", false);
        assertThat(other.output()).contains("Step 2/2 : COPY a.txt /copied");
        assertThat(build(context, "other.Dockerfile", false).image().id()).isEqualTo(other.image().id());
    }
}
