package dev.drydock.net;

import java.util.ArrayList;
import java.util.List;

/** A container's /etc/hosts, line for line as dockerd writes it. */
public final class HostsFile {
    /** The fixed head of every container's /etc/hosts. */
    public static final String BASE = "127.0.0.1\tlocalhost\n"
            + "::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "fe00::0\tip6-localnet\n"
            + "ff00::0\tip6-mcastprefix\n"
            + "ff02::1\tip6-allnodes\n"
            + "ff02::2\tip6-allrouters\n";

    private HostsFile() {
    }

    /**
     * Renders the file: the fixed head, {@code --add-host} entries, links (default bridge), then the container's
     * own address with its hostname (none on the host network or without an endpoint).
     *
     * @param primary   the endpoint whose address names the container, or null
     * @param linkLines {ip, alias, shortId, name} per link
     */
    public static String render(SandboxSpec spec, Endpoint primary, List<String[]> linkLines) {
        StringBuilder sb = new StringBuilder(BASE);
        for (String[] h : extraHosts(spec.extraHosts())) {
            sb.append(h[1]).append('\t').append(h[0]).append('\n');
        }
        for (String[] l : linkLines) {
            sb.append(l[0]).append('\t').append(l[1]);
            if (!l[2].equals(l[1])) {
                sb.append(' ').append(l[2]);
            }
            if (!l[3].equals(l[1])) {
                sb.append(' ').append(l[3]);
            }
            sb.append('\n');
        }
        if (primary != null && spec.mode() == SandboxSpec.Mode.NETWORKED && spec.hostname() != null
                && !spec.hostname().isEmpty()) {
            sb.append(primary.ipAddress()).append('\t');
            if (!spec.domainname().isEmpty()) {
                sb.append(spec.hostname()).append('.').append(spec.domainname()).append(' ');
            }
            sb.append(spec.hostname()).append('\n');
        }
        return sb.toString();
    }

    /** {@code --add-host} values ({@code name:ip} or {@code name=ip}) as {name, ip} pairs; malformed ones skipped. */
    public static List<String[]> extraHosts(List<String> values) {
        List<String[]> out = new ArrayList<>();
        for (String v : values) {
            int sep = v.indexOf('=');
            if (sep < 0) {
                sep = v.indexOf(':');
            }
            if (sep > 0) {
                String ip = v.substring(sep + 1);
                if (ip.startsWith("[") && ip.endsWith("]")) {
                    ip = ip.substring(1, ip.length() - 1);
                }
                out.add(new String[]{v.substring(0, sep), ip});
            }
        }
        return out;
    }
}
