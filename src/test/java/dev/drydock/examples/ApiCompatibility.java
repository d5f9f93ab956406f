package dev.drydock.examples;

import com.github.dockerjava.api.DockerClient;

/** "User code" for the examples: refuses to run against a daemon whose API is older than it needs. */
public final class ApiCompatibility {
    private ApiCompatibility() {
    }

    /** Returns the daemon's API version, or throws when it is below {@code minimum} (e.g. "1.41"). */
    public static String requireApi(DockerClient docker, String minimum) {
        String actual = docker.versionCmd().exec().getApiVersion();
        if (compare(actual, minimum) < 0) {
            throw new IllegalStateException("Docker API " + actual + " is too old: " + minimum + " or newer is needed");
        }
        return actual;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
