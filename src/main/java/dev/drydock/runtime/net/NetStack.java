package dev.drydock.runtime.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A container's network as its processes see it: name resolution, outgoing connections and listening ports.
 *
 * <p>The networks room implements this per container (endpoints, embedded DNS, published ports forwarding to
 * {@link #listen} handlers); {@link LoopbackNetStack} is the default that only knows the container itself.
 */
public interface NetStack {

    /** Resolves a host name or literal address, like getaddrinfo. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** Opens a TCP connection; {@link java.net.ConnectException} "Connection refused" when nobody listens. */
    Connection connect(String host, int port) throws IOException;

    /**
     * Listens on a TCP port on all of the container's addresses; each accepted connection is handed to
     * {@code handler} on a thread the caller of the connection provides (so the handler may block).
     *
     * @throws java.net.BindException "Address in use" when the port is taken
     */
    Listener listen(int port, ConnectionHandler handler) throws IOException;

    /**
     * Listens as {@link #listen(int, ConnectionHandler)} with the address the program bound: {@code ::} (every
     * address, a dual-stack socket: busybox's default), {@code 0.0.0.0} (every IPv4 address) or one address. Only
     * netstat and /proc/net/tcp{,6} show it; connections reach the port on any address.
     */
    default Listener listen(String bindAddress, int port, ConnectionHandler handler) throws IOException {
        return listen(List.of(bindAddress), port, handler);
    }

    /**
     * Listens as {@link #listen(String, int, ConnectionHandler)} on one socket per address, as a server that binds
     * both {@code 0.0.0.0} and {@code ::} (an IPv6-only socket then: nginx, redis, postgres) does.
     */
    default Listener listen(List<String> bindAddresses, int port, ConnectionHandler handler) throws IOException {
        return listen(port, handler);
    }

    /** The addresses {@code port} was bound to ({@code ::} unless the program chose others). */
    default List<String> boundAddresses(int port) {
        return List.of("::");
    }

    /** Whether an ICMP echo to the address would be answered (what ping reports); a stack without rules says yes. */
    default boolean reachable(String address) {
        return true;
    }

    /**
     * Sends one ICMP echo request with {@code payload} data bytes (one ping) and says whether a reply comes back;
     * the stack counts both on its interfaces.
     */
    default boolean echo(String address, int payload) {
        return reachable(address);
    }

    /** An interface's counters (what /proc/net/dev, ifconfig and /sys/class/net/IF/statistics show); zero if none. */
    default Statistics statistics(String interfaceName) {
        return Statistics.ZERO;
    }

    /** The ports currently listened on (what /proc/net/tcp and netstat report). */
    List<Integer> listeningPorts();

    /** The container's interfaces, loopback first. */
    List<NetInterface> interfaces();

    /** The routing table (empty without a network). */
    List<Route> routes();

    /** A bidirectional byte stream between two endpoints. */
    interface Connection extends java.io.Closeable {
        java.io.InputStream input();

        java.io.OutputStream output();

        /** The peer's address as "ip:port". */
        String remoteAddress();
    }

    /** Serves one accepted connection; may block; closes the connection when done. */
    @FunctionalInterface
    interface ConnectionHandler {
        void handle(Connection connection) throws IOException;
    }

    /** An open listening port. */
    interface Listener extends java.io.Closeable {
        int port();

        /** Stops listening (idempotent). */
        @Override
        void close();
    }

    /**
     * One network interface.
     *
     * @param name     e.g. "lo", "eth0"
     * @param mac      e.g. "02:42:ac:11:00:02" ("00:00:00:00:00:00" for lo)
     * @param address  IPv4 address
     * @param prefix   prefix length (8 for lo, 16 for a default bridge)
     * @param mtu      MTU (65536 for lo, 1500 otherwise)
     */
    record NetInterface(String name, String mac, String address, int prefix, int mtu) {
    }

    /**
     * One route: destination "default" or a CIDR, via a gateway (or null for on-link), on a device.
     */
    record Route(String destination, String gateway, String device, String source) {
    }

    /** An interface's traffic counters since it came up. */
    record Statistics(long rxBytes, long rxPackets, long txBytes, long txPackets) {
        /** No traffic. */
        public static final Statistics ZERO = new Statistics(0, 0, 0, 0);
    }
}
