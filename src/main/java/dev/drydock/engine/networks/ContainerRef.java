package dev.drydock.engine.networks;

/**
 * What the network service needs to know about a container.
 *
 * @param id       the full container ID
 * @param name     the name without the leading slash
 * @param hostname the container's hostname (defaults to the short ID)
 */
public record ContainerRef(String id, String name, String hostname) {

    public ContainerRef {
        if (name != null && name.startsWith("/")) {
            name = name.substring(1);
        }
        if (hostname == null || hostname.isEmpty()) {
            hostname = id.length() > 12 ? id.substring(0, 12) : id;
        }
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
