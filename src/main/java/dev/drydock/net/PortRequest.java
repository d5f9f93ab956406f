package dev.drydock.net;

/**
 * One port to publish: a container port and where on the host it should appear.
 *
 * @param containerPort the port inside the container
 * @param proto         {@code tcp}, {@code udp} or {@code sctp}
 * @param hostIp        the host address to bind; empty for the configured default
 * @param hostPortStart the host port, or the start of a range; 0 for a free port from the ephemeral range
 * @param hostPortEnd   the end of the range (equal to the start for a single port; 0 with a start of 0)
 */
public record PortRequest(int containerPort, String proto, String hostIp, int hostPortStart, int hostPortEnd) {

    public PortRequest {
        proto = proto == null || proto.isEmpty() ? "tcp" : proto;
        hostIp = hostIp == null ? "" : hostIp;
        if (hostPortEnd < hostPortStart) {
            hostPortEnd = hostPortStart;
        }
    }

    /** A single TCP port published on a host port (0 for a random one) on the default address. */
    public static PortRequest tcp(int containerPort, int hostPort) {
        return new PortRequest(containerPort, "tcp", "", hostPort, hostPort);
    }
}
