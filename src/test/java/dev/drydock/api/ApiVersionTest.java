package dev.drydock.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Versions compare numerically part by part, a missing or unparsable part counting as 0. */
class ApiVersionTest {
    private static final List<String> VERSIONS = List.of("1.41", "1.4", "1.40", "1.041", "1.41.0", "1.41.1", "1.5",
            "1.12", "1", "2", "0", "", ".", "..", "1.", "1..", ".41", "1..41", "1.41.", "v1.41", "1.4x", "+1.41",
            "-1.2", "99.99", "1.99999999999999999999", "1.999999999999999999", "10.0", "1.44", "1.45", "1.52");

    /** What Docker's version compare does, written out the obvious (allocating) way. */
    private static int reference(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? part(x[i]) : 0;
            long q = i < y.length ? part(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long part(String s) {
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Test
    void comparesAsDockerDoesForEveryPair() {
        for (String a : VERSIONS) {
            for (String b : VERSIONS) {
                assertThat(Integer.signum(ApiVersion.compare(a, b))).as("compare(%s, %s)", a, b)
                        .isEqualTo(Integer.signum(reference(a, b)));
            }
        }
    }

    @Test
    void ordersVersionsNumerically() {
        assertThat(ApiVersion.lessThan("1.9", "1.12")).isTrue();
        assertThat(ApiVersion.atLeast("1.41", "1.41.0")).isTrue();
        assertThat(ApiVersion.atLeast("1.40", "1.41")).isFalse();
    }
}
