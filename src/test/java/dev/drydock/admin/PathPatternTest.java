package dev.drydock.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Path patterns: globs, regexes and the cheap literal filters in front of them must never change the answer. */
class PathPatternTest {
    @Test
    void globs() {
        PathPattern p = PathPattern.glob("/containers/*/start");
        assertThat(p.matches("/containers/abc/start")).isTrue();
        assertThat(p.matches("/containers/a/b/start")).isFalse();
        assertThat(PathPattern.glob("/images/**").matches("/images/library/busybox/json")).isTrue();
        assertThat(PathPattern.glob("/x?z").matches("/xyz")).isTrue();
        assertThat(PathPattern.glob("/a.b").matches("/aXb")).isFalse();
        assertThat(PathPattern.glob("/_ping").matches("/_ping")).isTrue();
        assertThat(PathPattern.glob("**").matches("/anything/at/all")).isTrue();
    }

    @Test
    void regexFiltersAgreeWithTheRegex() {
        String[] regexes = {"/containers/.*/start", "/(networks|volumes)/x1", "^/a+b/c", "/ab?c/d", "/x{2}yz",
                "/v[0-9.]+/info", "\\/escaped/path", "/a|/b", "/images/(.*)/json", "/e[x]ec/(\\w+)/start/?", "(?i)/IMAGES/.*", "/(?:a|b)/c"};
        String[] paths = {"/containers/abc/start", "/networks/x1", "/volumes/x1", "/aab/c", "/b/c", "/ac/d", "/abc/d",
                "/xxyz", "/v1.41/info", "/escaped/path", "/a", "/b", "/images/busybox/json", "/exec/ab1/start/",
                "/exec/ab1/start", "/nope", "/images/x", "/a/c"};
        for (String re : regexes) {
            PathPattern p = PathPattern.regex(re);
            java.util.regex.Pattern plain = java.util.regex.Pattern.compile(re);
            for (String path : paths) {
                assertThat(p.matches(path)).as("%s ~ %s", re, path).isEqualTo(plain.matcher(path).matches());
            }
        }
        assertThat(PathPattern.requiredLiteral("/(networks|volumes)/x1")).isEqualTo("/x1");
        assertThat(PathPattern.requiredLiteral("/a|/b")).isNull();
        assertThat(PathPattern.literalPrefix("/containers/.*/start")).isEqualTo("/containers/");
        assertThat(PathPattern.literalPrefix("/ab?c")).isEqualTo("/a");
    }
}
