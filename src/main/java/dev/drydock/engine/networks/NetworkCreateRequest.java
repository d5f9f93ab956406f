package dev.drydock.engine.networks;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /networks/create}.
 *
 * @param checkDuplicate the deprecated CheckDuplicate field (null when absent)
 * @param enableIpv4     null when absent (IPv4 on)
 * @param ipamConfig     the IPAM Config entries (Subnet, IPRange, Gateway, AuxiliaryAddresses)
 * @param ipamOptions    null when absent
 */
public record NetworkCreateRequest(String name, String driver, String scope, Boolean checkDuplicate, boolean internal,
                                   boolean attachable, boolean ingress, boolean configOnly, String configFrom,
                                   Boolean enableIpv4, boolean enableIpv6, String ipamDriver,
                                   List<IpamConfig> ipamConfig, Map<String, String> ipamOptions,
                                   Map<String, String> options, Map<String, String> labels) {

    /** A plain bridge network with a name. */
    public static NetworkCreateRequest named(String name) {
        return new NetworkCreateRequest(name, "", "", null, false, false, false, false, "", null, false, "",
                List.of(), null, Map.of(), Map.of());
    }

    /** One IPAM Config entry as the client sent it; absent fields are null. */
    public record IpamConfig(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {
    }
}
