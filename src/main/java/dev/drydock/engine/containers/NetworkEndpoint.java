package dev.drydock.engine.containers;

/**
 * A running container's attachment to a network, as NetworkSettings shows it.
 *
 * @param network    the network's name (bridge, host, none, or a user network)
 * @param networkId  the network's ID
 * @param endpointId the endpoint's ID
 * @param ipAddress  the container's IPv4 address, "" when the network gives none
 * @param prefixLen  the subnet's prefix length
 * @param gateway    the gateway address
 * @param macAddress the endpoint's MAC address
 */
public record NetworkEndpoint(String network, String networkId, String endpointId, String ipAddress, int prefixLen,
                              String gateway, String macAddress) {
}
