package dev.drydock.net;

/**
 * A port published on the host, as NetworkSettings.Ports and {@code docker port} report it.
 *
 * @param containerPort the port inside the container
 * @param proto         {@code tcp}, {@code udp} or {@code sctp}
 * @param hostIp        the host address bound
 * @param hostPort      the host port bound
 */
public record PublishedPort(int containerPort, String proto, String hostIp, int hostPort) {
}
