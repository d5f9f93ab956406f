package dev.drydock.net;

/** Docker's parsing of port specifications (container ports {@code 80/tcp}, host ports {@code 8080}, ranges). */
public final class PortSpecs {
    private PortSpecs() {
    }

    /**
     * Parses a host port or range ({@code ""}, {@code 8080}, {@code 8000-8010}) to {start, end}; empty is {0, 0}.
     *
     * @throws NetException (invalid) {@code invalid port specification: "70000"}
     */
    public static int[] hostPortRange(String spec) {
        if (spec == null || spec.isEmpty()) {
            return new int[]{0, 0};
        }
        return range(spec);
    }

    /**
     * Parses a container port key such as {@code 80/tcp}, {@code 53/udp} or {@code 80} to {port, end, proto}.
     *
     * @return {start, end} with the protocol in {@link #proto(String)}
     */
    public static int[] containerPortRange(String key) {
        String port = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            port = key.substring(0, slash);
        }
        if (port.isEmpty()) {
            throw invalid(key);
        }
        return range(port);
    }

    /** The protocol of a container port key; {@code tcp} when absent. */
    public static String proto(String key) {
        int slash = key.indexOf('/');
        String p = slash < 0 ? "tcp" : key.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
        if (!(p.equals("tcp") || p.equals("udp") || p.equals("sctp"))) {
            throw new NetException(NetException.Kind.INVALID, "invalid proto: " + p);
        }
        return p;
    }

    private static int[] range(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            int p = port(spec, spec);
            return new int[]{p, p};
        }
        int start = port(spec.substring(0, dash), spec);
        int end = port(spec.substring(dash + 1), spec);
        if (end < start) {
            throw new NetException(NetException.Kind.INVALID, "invalid range specified for port: " + spec);
        }
        return new int[]{start, end};
    }

    private static int port(String s, String whole) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            throw invalid(whole);
        }
        int p = Integer.parseInt(s);
        if (p > 65535) {
            throw invalid(whole);
        }
        return p;
    }

    private static NetException invalid(String spec) {
        return new NetException(NetException.Kind.INVALID, "invalid port specification: \"" + spec + "\"");
    }
}
