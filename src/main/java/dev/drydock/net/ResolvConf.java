package dev.drydock.net;

import java.util.List;

/** A container's /etc/resolv.conf as dockerd writes it. */
public final class ResolvConf {
    private ResolvConf() {
    }

    /**
     * Renders the file. With the embedded DNS (user-defined networks) the only name server is 127.0.0.11 and
     * {@code ndots:0} is set unless the user gave options; otherwise the user's servers or the defaults.
     */
    public static String render(List<String> dns, List<String> search, List<String> options, boolean embeddedDns) {
        StringBuilder sb = new StringBuilder();
        if (!search.isEmpty()) {
            sb.append("search ").append(String.join(" ", search)).append('\n');
        }
        List<String> servers = embeddedDns ? List.of(NetFabric.EMBEDDED_DNS)
                : dns.isEmpty() ? NetFabric.DEFAULT_NAMESERVERS : dns;
        for (String s : servers) {
            sb.append("nameserver ").append(s).append('\n');
        }
        if (!options.isEmpty()) {
            sb.append("options ").append(String.join(" ", options)).append('\n');
        } else if (embeddedDns) {
            sb.append("options ndots:0\n");
        }
        return sb.toString();
    }
}
