package dev.drydock.net;

import java.util.List;

/**
 * What a container's network namespace is made of, fixed when it starts.
 *
 * @param containerId the container's full ID
 * @param name        the container's name, without the leading slash
 * @param hostname    the container's hostname (the short ID unless the user set one)
 * @param domainname  the container's domain name, or empty
 * @param mode        how the container is networked
 * @param extraHosts  {@code --add-host} entries as {@code name:ip} (or {@code name=ip})
 * @param links       legacy links to other containers
 * @param dns         {@code --dns} servers; empty for the defaults
 * @param dnsSearch   {@code --dns-search} domains
 * @param dnsOptions  {@code --dns-option} values
 */
public record SandboxSpec(String containerId, String name, String hostname, String domainname, Mode mode,
                          List<String> extraHosts, List<Link> links, List<String> dns, List<String> dnsSearch,
                          List<String> dnsOptions) {

    public SandboxSpec {
        domainname = domainname == null ? "" : domainname;
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        links = links == null ? List.of() : List.copyOf(links);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
    }

    /** A plain spec: bridge-like networking, no extras. */
    public static SandboxSpec of(String containerId, String name, String hostname) {
        return new SandboxSpec(containerId, name, hostname, "", Mode.NETWORKED, List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /** How a container is networked. */
    public enum Mode {
        /** Endpoints on bridge/overlay networks (including none of them yet). */
        NETWORKED,
        /** {@code --network host}: the host's stack; listeners bind real host ports. */
        HOST,
        /** {@code --network none}: loopback only. */
        NONE
    }

    /**
     * A legacy link: the linked container is reachable by its name, its short ID and the alias.
     *
     * @param containerId the linked container's full ID
     * @param name        the linked container's name
     * @param alias       the alias given in {@code --link name:alias} (the name when none)
     */
    public record Link(String containerId, String name, String alias) {
    }
}
