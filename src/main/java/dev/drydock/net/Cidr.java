package dev.drydock.net;

/**
 * An IPv4 block in CIDR notation ({@code 172.18.0.0/16}). The address may carry host bits (as a user typed it);
 * {@link #masked()} gives the block itself.
 *
 * @param address the address as written
 * @param prefix  the prefix length, 0 to 32
 */
public record Cidr(int address, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; {@link IllegalArgumentException} otherwise. */
    public static Cidr parse(String s) {
        Cidr c = tryParse(s);
        if (c == null) {
            throw new IllegalArgumentException("invalid CIDR address: " + s);
        }
        return c;
    }

    /** Parses {@code a.b.c.d/n}, or null. */
    public static Cidr tryParse(String s) {
        if (s == null) {
            return null;
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            return null;
        }
        Integer ip = Ipv4.tryParse(s.substring(0, slash));
        String bits = s.substring(slash + 1);
        if (ip == null || bits.isEmpty() || bits.length() > 2 || !bits.chars().allMatch(Character::isDigit)
                || (bits.length() > 1 && bits.charAt(0) == '0')) {
            return null;
        }
        int n = Integer.parseInt(bits);
        return n > 32 ? null : new Cidr(ip, n);
    }

    /** The netmask as an int. */
    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The block's first address (the network address). */
    public int network() {
        return address & mask();
    }

    /** The block's last address (the broadcast address). */
    public int broadcast() {
        return network() | ~mask();
    }

    /** How many addresses the block holds. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** The same block without host bits. */
    public Cidr masked() {
        return new Cidr(network(), prefix);
    }

    /** True when the address is written without host bits. */
    public boolean isMasked() {
        return address == network();
    }

    public boolean contains(int ip) {
        return (ip & mask()) == network();
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network()) || other.contains(network());
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + prefix;
    }
}
