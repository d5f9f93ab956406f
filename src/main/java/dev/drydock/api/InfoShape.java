package dev.drydock.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /info} shaped for the client's API version, as the daemon shapes it for older clients. */
final class InfoShape {
    private InfoShape() {
    }

    /** The current daemon's info, with the fields an older API version did not have or had differently. */
    static Map<String, Object> forVersion(Map<String, Object> current, String version) {
        Map<String, Object> info = new LinkedHashMap<>(current);
        if (ApiVersion.lessThan(version, "1.44")) {
            // Runtime status came with 1.44.
            Map<String, Object> runtimes = new LinkedHashMap<>();
            asMap(info.get("Runtimes")).forEach((name, rt) -> runtimes.put(name, Map.of("path", asMap(rt).get("path"))));
            info.put("Runtimes", runtimes);
        }
        if (ApiVersion.lessThan(version, "1.46")) {
            info.remove("Containerd");
        }
        if (ApiVersion.lessThan(version, "1.47")) {
            Map<String, Object> registry = new LinkedHashMap<>(asMap(info.get("RegistryConfig")));
            registry.put("AllowNondistributableArtifactsCIDRs", null);
            registry.put("AllowNondistributableArtifactsHostnames", null);
            info.put("RegistryConfig", registry);
        }
        if (ApiVersion.lessThan(version, "1.49")) {
            info.remove("FirewallBackend");
            for (String commit : List.of("ContainerdCommit", "RuncCommit", "InitCommit")) {
                Map<String, Object> c = new LinkedHashMap<>(asMap(info.get(commit)));
                c.put("Expected", c.get("ID"));
                info.put(commit, c);
            }
        }
        if (ApiVersion.lessThan(version, "1.50")) {
            info.remove("DiscoveredDevices");
            info.put("BridgeNfIptables", false);
            info.put("BridgeNfIp6tables", false);
        }
        return info;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
