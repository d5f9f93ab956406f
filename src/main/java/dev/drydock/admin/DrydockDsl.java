package dev.drydock.admin;

/**
 * The static helpers of faults and verification, for one {@code import static dev.drydock.admin.DrydockDsl.*}:
 *
 * <pre>{@code
 * drydock.verify(exactly(1), postRequestedFor(urlPathMatching("/containers/.*}{@code /start")));
 * drydock.verify(never(), deleteRequestedFor(urlPathGlob("/images/**")));
 * drydock.verify(getRequestedFor(urlPathEqualTo("/_ping")).withHeader("User-Agent", containing("Docker")));
 * }</pre>
 */
public final class DrydockDsl {
    private DrydockDsl() {
    }

    // --- paths -----------------------------------------------------------------------------------------

    /** The versionless path equals this. */
    public static PathPattern urlPathEqualTo(String path) {
        return PathPattern.exact(path);
    }

    /** The versionless path matches this regex as a whole. */
    public static PathPattern urlPathMatching(String regex) {
        return PathPattern.regex(regex);
    }

    /** The versionless path matches this glob ({@code *} one segment, {@code **} any). */
    public static PathPattern urlPathGlob(String glob) {
        return PathPattern.glob(glob);
    }

    /** Every path. */
    public static PathPattern anyUrl() {
        return PathPattern.any();
    }

    // --- requests --------------------------------------------------------------------------------------

    public static RequestPattern getRequestedFor(PathPattern path) {
        return RequestPattern.of("GET", path);
    }

    public static RequestPattern postRequestedFor(PathPattern path) {
        return RequestPattern.of("POST", path);
    }

    public static RequestPattern putRequestedFor(PathPattern path) {
        return RequestPattern.of("PUT", path);
    }

    public static RequestPattern deleteRequestedFor(PathPattern path) {
        return RequestPattern.of("DELETE", path);
    }

    public static RequestPattern headRequestedFor(PathPattern path) {
        return RequestPattern.of("HEAD", path);
    }

    /** Any method. */
    public static RequestPattern anyRequestedFor(PathPattern path) {
        return RequestPattern.of(RequestPattern.ANY_METHOD, path);
    }

    public static RequestPattern requestedFor(String method, PathPattern path) {
        return RequestPattern.of(method, path);
    }

    // --- values ----------------------------------------------------------------------------------------

    public static StringMatcher equalTo(String value) {
        return StringMatcher.equalTo(value);
    }

    public static StringMatcher containing(String value) {
        return StringMatcher.containing(value);
    }

    public static StringMatcher matching(String regex) {
        return StringMatcher.matching(regex);
    }

    public static StringMatcher absent() {
        return StringMatcher.absent();
    }

    public static StringMatcher present() {
        return StringMatcher.present();
    }

    // --- counts ----------------------------------------------------------------------------------------

    public static CountMatcher exactly(int n) {
        return new CountMatcher(CountMatcher.Kind.EXACTLY, n);
    }

    public static CountMatcher atLeast(int n) {
        return new CountMatcher(CountMatcher.Kind.AT_LEAST, n);
    }

    public static CountMatcher atMost(int n) {
        return new CountMatcher(CountMatcher.Kind.AT_MOST, n);
    }

    public static CountMatcher never() {
        return exactly(0);
    }
}
