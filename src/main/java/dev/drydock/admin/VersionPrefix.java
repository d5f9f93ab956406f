package dev.drydock.admin;

/** Splits {@code /v1.41/containers/json} into its API version and versionless path, without a regex. */
final class VersionPrefix {
    private VersionPrefix() {
    }

    /** The version of a {@code /vX.Y} prefix (dockerd's {@code /v{version:[0-9.]+}}), or null. */
    static String version(String rawPath) {
        int end = prefixEnd(rawPath);
        return end < 0 ? null : rawPath.substring(2, end);
    }

    /** The path without its {@code /vX.Y} prefix; the path itself when it has none. */
    static String strip(String rawPath) {
        int end = prefixEnd(rawPath);
        if (end < 0) {
            return rawPath;
        }
        return end == rawPath.length() ? "/" : rawPath.substring(end);
    }

    /** Where the prefix ends (the index of the next '/' or the end), or -1 when there is no prefix. */
    private static int prefixEnd(String p) {
        if (p.length() < 3 || p.charAt(0) != '/' || p.charAt(1) != 'v') {
            return -1;
        }
        int i = 2;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '/') {
                break;
            }
            if ((c < '0' || c > '9') && c != '.') {
                return -1;
            }
            i++;
        }
        return i;
    }
}
