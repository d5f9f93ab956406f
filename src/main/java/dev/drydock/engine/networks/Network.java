package dev.drydock.engine.networks;

import dev.drydock.net.VirtualNetwork;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A network as the Engine API shows it. Immutable; its endpoints live in the fabric's {@link VirtualNetwork}.
 *
 * @param ipamConfig the IPAM Config entries as inspect shows them (the user's fields, or the allocated subnet
 *                   and gateway)
 * @param ipamOptions IPAM options, or null when none were sent
 * @param predefined bridge, host and none: cannot be removed
 * @param userSubnets whether the user chose the subnets (static endpoint addresses are allowed only then)
 */
public record Network(String id, String name, String driver, String scope, Instant created, boolean enableIpv4,
                      boolean enableIpv6, String ipamDriver, Map<String, String> ipamOptions,
                      List<Map<String, Object>> ipamConfig, boolean internal, boolean attachable, boolean ingress,
                      boolean configOnly, String configFrom, Map<String, String> options, Map<String, String> labels,
                      boolean predefined, boolean userSubnets, VirtualNetwork fabric) {

    /** Whether containers on it resolve each other by name (user-defined bridge and overlay networks). */
    public boolean userDefined() {
        return !predefined;
    }
}
