package dev.drydock.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * dockerd's default address pools for local networks: 172.17.0.0/16 to 172.31.0.0/16, then
 * 192.168.0.0/16 cut into /20 blocks. Each new network without a subnet gets the first block that overlaps
 * no existing network.
 */
public final class DefaultPools {
    private static final List<Cidr> POOLS = build();

    private DefaultPools() {
    }

    private static List<Cidr> build() {
        List<Cidr> pools = new ArrayList<>();
        for (int b = 17; b <= 31; b++) {
            pools.add(Cidr.parse("172." + b + ".0.0/16"));
        }
        for (int c = 0; c < 256; c += 16) {
            pools.add(Cidr.parse("192.168." + c + ".0/20"));
        }
        return List.copyOf(pools);
    }

    /** Every default block, in allocation order. */
    public static List<Cidr> all() {
        return POOLS;
    }

    /**
     * The first default block overlapping none of {@code taken}.
     *
     * @throws NetException (not found, as dockerd reports it) when every block is taken
     */
    public static Cidr next(Collection<Cidr> taken) {
        for (Cidr pool : POOLS) {
            boolean free = true;
            for (Cidr t : taken) {
                if (t.overlaps(pool)) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return pool;
            }
        }
        throw new NetException(NetException.Kind.NOT_FOUND,
                "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }
}
