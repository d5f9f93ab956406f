package dev.drydock.api;

import dev.drydock.engine.ApiVersions;

/** Docker API version strings ("1.41") compared as Docker compares them: numerically, part by part. */
public final class ApiVersion {
    /** The request attribute holding the API version a request asked for (or the server's maximum). */
    public static final String ATTRIBUTE = "drydock.apiVersion";

    private ApiVersion() {
    }

    /** Negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}. */
    public static int compare(String a, String b) {
        return ApiVersions.compare(a, b);
    }

    public static boolean lessThan(String a, String b) {
        return ApiVersions.lessThan(a, b);
    }

    public static boolean atLeast(String a, String b) {
        return ApiVersions.atLeast(a, b);
    }
}
