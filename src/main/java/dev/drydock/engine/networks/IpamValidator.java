package dev.drydock.engine.networks;

import dev.drydock.engine.EngineException;
import dev.drydock.net.Cidr;
import dev.drydock.net.Ipv4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the IPAM Config of a create request with the messages of the Engine the client speaks to: API 1.44+
 * gets the current Engine's 400 "invalid network config" list, older clients the 20.10 daemon's messages.
 */
final class IpamValidator {
    /** One validated IPv4 pool. */
    record Pool(Cidr subnet, Cidr ipRange, Integer gateway, Map<String, Integer> aux) {
    }

    private IpamValidator() {
    }

    static List<Pool> validate(List<NetworkCreateRequest.IpamConfig> configs, boolean enableIpv6, boolean modern) {
        List<String> errors = new ArrayList<>();
        List<Pool> pools = new ArrayList<>();
        for (NetworkCreateRequest.IpamConfig c : configs) {
            String s = c.subnet() == null ? "" : c.subnet();
            if (s.isEmpty()) {
                continue;
            }
            if (s.contains(":")) {
                if (!enableIpv6 && modern) {
                    continue;
                }
                validateIpv6(s, modern, errors);
                continue;
            }
            Cidr subnet = Cidr.tryParse(s);
            if (subnet == null) {
                if (!modern) {
                    throw EngineException.internal("Invalid subnet " + s + " : invalid CIDR address: " + s);
                }
                errors.add("invalid subnet " + s + ": invalid CIDR block notation");
                continue;
            }
            if (!subnet.isMasked() && modern) {
                errors.add("invalid subnet " + subnet + ": it should be " + subnet.masked());
            }
            Cidr range = ipRange(c.ipRange(), subnet.masked(), modern, errors);
            Integer gateway = address(c.gateway(), subnet.masked(), modern, errors, "gateway", null);
            Map<String, Integer> aux = new LinkedHashMap<>();
            if (c.auxAddresses() != null) {
                for (var e : c.auxAddresses().entrySet()) {
                    Integer ip = address(e.getValue(), subnet.masked(), modern, errors, "auxiliary address",
                            e.getKey());
                    if (ip != null) {
                        aux.put(e.getKey(), ip);
                    }
                }
            }
            pools.add(new Pool(subnet.masked(), range, gateway, aux));
        }
        if (!errors.isEmpty()) {
            String joined = errors.size() == 1 ? errors.get(0) : "* " + String.join("\n* ", errors);
            throw EngineException.badRequest("invalid network config:\n" + joined);
        }
        return pools;
    }

    private static void validateIpv6(String s, boolean modern, List<String> errors) {
        int slash = s.indexOf('/');
        boolean ok = slash > 0;
        if (ok) {
            try {
                int bits = Integer.parseInt(s.substring(slash + 1));
                ok = bits >= 0 && bits <= 128 && java.net.InetAddress.getByName(s.substring(0, slash)) != null;
            } catch (Exception e) {
                ok = false;
            }
        }
        if (!ok) {
            if (!modern) {
                throw EngineException.internal("Invalid subnet " + s + " : invalid CIDR address: " + s);
            }
            errors.add("invalid subnet " + s + ": invalid CIDR block notation");
        }
    }

    private static Cidr ipRange(String r, Cidr subnet, boolean modern, List<String> errors) {
        if (r == null || r.isEmpty()) {
            return null;
        }
        Cidr range = Cidr.tryParse(r);
        if (!modern) {
            if (range == null || !subnet.contains(range.network())) {
                throw EngineException.internal("failed to parse pool request for address space \"LocalDefault\" pool \""
                        + subnet + "\" subpool \"" + r + "\": Invalid Address SubPool");
            }
            return range.masked();
        }
        if (range == null) {
            errors.add("invalid ip-range " + r + ": invalid CIDR block notation");
            return null;
        }
        if (range.prefix() < subnet.prefix()) {
            errors.add("invalid ip-range " + r + ": CIDR block is bigger than its parent subnet " + subnet);
        }
        if (!range.isMasked()) {
            errors.add("invalid ip-range " + range + ": it should be " + range.masked());
        }
        if (!subnet.overlaps(range.masked())) {
            errors.add("invalid ip-range " + r + ": parent subnet " + subnet + " doesn't contain ip-range");
        }
        return range.masked();
    }

    private static Integer address(String a, Cidr subnet, boolean modern, List<String> errors, String what,
                                   String auxName) {
        if (a == null || a.isEmpty()) {
            return null;
        }
        Integer ip = Ipv4.tryParse(a);
        String label = auxName == null ? what + " " + a : what + " " + auxName;
        if (!modern) {
            if (auxName != null) {
                if (ip == null || !subnet.contains(ip)) {
                    throw EngineException.forbidden("auxiliary address: (" + auxName + ":" + a
                            + ") must belong to the master pool: " + subnet);
                }
                return ip;
            }
            if (ip == null) {
                throw EngineException.internal("invalid gateway address " + a + " in Ipam configuration");
            }
            if (!subnet.contains(ip)) {
                throw EngineException.internal("failed to allocate gateway (" + a + "): Requested address is out of range");
            }
            return ip;
        }
        if (ip == null) {
            errors.add(a.contains(":") ? "invalid " + label + ": parent subnet is an IPv4 block"
                    : "invalid " + label + ": invalid address");
            return null;
        }
        if (!subnet.contains(ip)) {
            errors.add("invalid " + label + ": parent subnet " + subnet + " doesn't contain this address");
            return null;
        }
        return ip;
    }
}
