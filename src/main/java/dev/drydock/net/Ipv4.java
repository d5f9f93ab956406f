package dev.drydock.net;

/** IPv4 addresses as unsigned 32-bit values held in an {@code int}, parsed and printed as Go's net package does. */
public final class Ipv4 {
    private Ipv4() {
    }

    /** True when {@code s} is a dotted-quad IPv4 address. */
    public static boolean isValid(String s) {
        return tryParse(s) != null;
    }

    /** Parses a dotted quad; {@link IllegalArgumentException} when it is not one. */
    public static int parse(String s) {
        Integer v = tryParse(s);
        if (v == null) {
            throw new IllegalArgumentException("invalid IPv4 address: " + s);
        }
        return v;
    }

    /** Parses a dotted quad, or null. Leading zeros are rejected, as Go 1.17+ does. */
    public static Integer tryParse(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int n = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                n = n * 10 + (c - '0');
            }
            if (n > 255) {
                return null;
            }
            v = (v << 8) | n;
        }
        return v;
    }

    /** The dotted quad of an address. */
    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    /** The four bytes of an address, most significant first (as {@link java.net.InetAddress} takes them). */
    public static byte[] bytes(int ip) {
        return new byte[]{(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    }

    /** True for 127.0.0.0/8. */
    public static boolean isLoopback(int ip) {
        return (ip >>> 24) == 127;
    }
}
