package dev.drydock.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The version prefix is recognised exactly where dockerd's {@code /v{version:[0-9.]+}} route prefix is. */
class FrontFilterVersionPrefixTest {
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9.]+)(/.*)?$");

    @Test
    void findsThePrefixWhereDockerdsPatternDoes() {
        List<String> uris = List.of("/v1.41/containers/json", "/v1.41", "/v1.41/", "/v1", "/v", "/v/", "/v./x",
                "/v1.41x/containers", "/version", "/volumes", "/v1.41//x", "/V1.41/x", "v1.41/x", "/_ping",
                "/v1.41/a\nb", "/v1.41/a\u2028b", "/v1.41/a%0Ab", "/v99.99/info", "/v1..2/info", "", "/", "/vv1/x",
                "/v1.41?x", "/v1.41/images/library/busybox:latest/json");
        for (String uri : uris) {
            Matcher m = VERSIONED.matcher(uri);
            int end = FrontFilter.versionEnd(uri);
            if (!m.matches()) {
                assertThat(end).as(uri).isEqualTo(-1);
                continue;
            }
            assertThat(end).as(uri).isPositive();
            assertThat(uri.substring(2, end)).as(uri).isEqualTo(m.group(1));
            assertThat(end == uri.length() ? "/" : uri.substring(end)).as(uri)
                    .isEqualTo(m.group(2) == null ? "/" : m.group(2));
        }
    }
}
