package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.ApiVersions;
import dev.drydock.engine.EngineException;

/**
 * The container-wide {@code Config.MacAddress} of a create request, as the daemon carries it over to the main
 * network's endpoint (where the MAC really lives since API 1.44), and what inspect shows of it.
 *
 * <ul>
 *   <li>below 1.44 the container-wide address becomes the main endpoint's; an endpoint's own MacAddress without
 *       one is ignored (those APIs had no such field); host or another container's networking conflicts;</li>
 *   <li>from 1.44 the endpoint's own address is the one; a container-wide one is moved there (it must not
 *       contradict it) with a deprecation warning;</li>
 *   <li>inspect shows the main endpoint's configured address as {@code Config.MacAddress} below 1.52, never a
 *       generated one, and no {@code Config.MacAddress} from 1.52.</li>
 * </ul>
 */
final class MacAddressCompat {
    static final String ENDPOINT_MAC = "1.44";
    static final String CONFIG_MAC_REMOVED = "1.52";
    static final String DEPRECATED = "The container-wide MacAddress field is now deprecated. It should be specified "
            + "in EndpointsConfig instead.";

    private MacAddressCompat() {
    }

    /**
     * Moves the request's container-wide MAC address to the main network's endpoint config, leaving in
     * {@code MacAddress} the address the container was configured with (what inspect shows).
     *
     * @return the warning the create answers with, or null
     */
    static String apply(ObjectNode body, String apiVersion) {
        String mac = body.path("MacAddress").asText("");
        String mode = body.path("HostConfig").path("NetworkMode").asText("");
        boolean endpointMode = !mode.equals("host") && !mode.equals("none") && !mode.startsWith("container:");
        String warning = null;
        if (!ApiVersions.atLeast(apiVersion, ENDPOINT_MAC)) {
            if (mac.isEmpty()) {
                JsonNode eps = body.path("NetworkingConfig").path("EndpointsConfig");
                eps.forEach(ep -> {
                    if (ep instanceof ObjectNode o) {
                        o.remove("MacAddress");
                    }
                });
                return null;
            }
            if (mode.equals("host") || mode.startsWith("container:")) {
                throw EngineException.badRequest("conflicting options: mac-address and the network mode");
            }
            if (endpointMode) {
                mainEndpoint(body, mode).put("MacAddress", mac);
            }
            return null;
        }
        if (!mac.isEmpty()) {
            if (endpointMode) {
                ObjectNode ep = mainEndpoint(body, mode);
                String own = ep.path("MacAddress").asText("");
                if (own.isEmpty()) {
                    ep.put("MacAddress", mac);
                } else if (!own.equals(mac)) {
                    throw EngineException.badRequest("the container-wide MAC address must match the "
                            + "endpoint-specific MAC address for the main network, or be left empty");
                }
            }
            body.remove("MacAddress");
            warning = DEPRECATED;
        }
        String desired = endpointMode ? existingMainEndpoint(body, mode).path("MacAddress").asText("") : "";
        if (!desired.isEmpty()) {
            body.put("MacAddress", desired);
        }
        return warning;
    }

    /** The stored Config as inspect shows it at this version (without MacAddress from 1.52). */
    static JsonNode inspectConfig(ObjectNode config, String apiVersion) {
        if (config.has("MacAddress") && ApiVersions.atLeast(apiVersion, CONFIG_MAC_REMOVED)) {
            ObjectNode copy = config.deepCopy();
            copy.remove("MacAddress");
            return copy;
        }
        return config;
    }

    /** The key the request names the main network by in EndpointsConfig ("default" is the bridge). */
    private static String mainKey(ObjectNode body, String mode) {
        JsonNode eps = body.path("NetworkingConfig").path("EndpointsConfig");
        if (mode.isEmpty() || mode.equals("default") || mode.equals("bridge")) {
            for (String k : new String[]{mode, "bridge", "default"}) {
                if (!k.isEmpty() && eps.has(k)) {
                    return k;
                }
            }
            return mode.isEmpty() ? "bridge" : mode;
        }
        return mode;
    }

    private static JsonNode existingMainEndpoint(ObjectNode body, String mode) {
        return body.path("NetworkingConfig").path("EndpointsConfig").path(mainKey(body, mode));
    }

    /** The main network's endpoint config, created when the request has none. */
    private static ObjectNode mainEndpoint(ObjectNode body, String mode) {
        String key = mainKey(body, mode);
        JsonNode nc = body.get("NetworkingConfig");
        ObjectNode networking = nc instanceof ObjectNode o ? o : body.putObject("NetworkingConfig");
        JsonNode ec = networking.get("EndpointsConfig");
        ObjectNode eps = ec instanceof ObjectNode o ? o : networking.putObject("EndpointsConfig");
        JsonNode ep = eps.get(key);
        return ep instanceof ObjectNode o ? o : eps.putObject(key);
    }
}
