package dev.drydock.net;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Published ports: real host sockets (default address configurable, 0.0.0.0 like dockerd) whose accepted
 * connections are forwarded into the container's virtual listener, as docker-proxy does.
 */
public final class HostPorts {
    /** One bound host port. */
    public record Binding(String containerId, String proto, String hostIp, int hostPort, int containerPort) {
    }

    private final NetFabric fabric;
    private final String defaultBindAddress;
    private final ExecutorService executor;
    private final Map<String, List<Forwarder>> byContainer = new LinkedHashMap<>();
    private final Map<Integer, ServerSocket> hostModeSockets = new HashMap<>();
    private final Map<Integer, java.util.concurrent.CountDownLatch> hostModeLoops = new HashMap<>();

    HostPorts(NetFabric fabric, String defaultBindAddress, ExecutorService executor) {
        this.fabric = fabric;
        this.defaultBindAddress = defaultBindAddress == null || defaultBindAddress.isEmpty()
                ? "0.0.0.0" : defaultBindAddress;
        this.executor = executor;
    }

    /** The address bindings without a host IP use. */
    public String defaultBindAddress() {
        return defaultBindAddress;
    }

    /**
     * Binds every requested port for a started container, or none: on failure whatever this call bound is
     * closed again and Docker's error is thrown.
     *
     * @param endpointName the container's name, for Docker's error text
     * @param endpointId   the container's endpoint ID, for Docker's error text
     * @throws NetException (failed) "port is already allocated" or "address already in use"
     */
    public synchronized List<PublishedPort> publish(String containerId, String endpointName, String endpointId,
                                                    List<PortRequest> requests) {
        List<Forwarder> opened = new ArrayList<>();
        try {
            for (PortRequest r : requests) {
                opened.add(bind(containerId, endpointName, endpointId, r));
            }
        } catch (RuntimeException e) {
            opened.forEach(Forwarder::close);
            throw e;
        }
        byContainer.computeIfAbsent(containerId, k -> new ArrayList<>()).addAll(opened);
        List<PublishedPort> out = new ArrayList<>();
        for (Forwarder f : opened) {
            out.add(new PublishedPort(f.binding.containerPort(), f.binding.proto(), f.binding.hostIp(),
                    f.binding.hostPort()));
        }
        return out;
    }

    private Forwarder bind(String containerId, String name, String epId, PortRequest r) {
        String ip = r.hostIp().isEmpty() ? defaultBindAddress : r.hostIp();
        String prefix = "driver failed programming external connectivity on endpoint " + name + " (" + epId + "): ";
        if (r.hostPortStart() == 0) {
            return open(containerId, r, ip, 0, prefix);
        }
        NetException last = null;
        for (int port = r.hostPortStart(); port <= r.hostPortEnd(); port++) {
            if (allocated(r.proto(), ip, port)) {
                last = new NetException(NetException.Kind.FAILED,
                        prefix + "Bind for " + ip + ":" + port + " failed: port is already allocated");
                continue;
            }
            try {
                return open(containerId, r, ip, port, prefix);
            } catch (NetException e) {
                last = e;
            }
        }
        throw last;
    }

    private boolean allocated(String proto, String ip, int port) {
        for (List<Forwarder> l : byContainer.values()) {
            for (Forwarder f : l) {
                Binding b = f.binding;
                if (b.hostPort() == port && b.proto().equals(proto)
                        && (b.hostIp().equals(ip) || isAny(b.hostIp()) || isAny(ip))) {
                    return true;
                }
            }
        }
        return hostModeSockets.containsKey(port) && proto.equals("tcp");
    }

    private static boolean isAny(String ip) {
        return ip.equals("0.0.0.0") || ip.equals("::");
    }

    private Forwarder open(String containerId, PortRequest r, String ip, int port, String prefix) {
        try {
            InetAddress addr = InetAddress.getByName(ip);
            if (r.proto().equals("tcp")) {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(addr, port), 512);
                Forwarder f = new Forwarder(new Binding(containerId, "tcp", ip, ss.getLocalPort(), r.containerPort()),
                        ss, null);
                executor.execute(f::acceptLoop);
                return f;
            }
            DatagramSocket ds = new DatagramSocket(new InetSocketAddress(addr, port));
            return new Forwarder(new Binding(containerId, r.proto(), ip, ds.getLocalPort(), r.containerPort()),
                    null, ds);
        } catch (BindException e) {
            throw new NetException(NetException.Kind.FAILED, prefix + "Error starting userland proxy: listen "
                    + r.proto() + (ip.contains(":") ? "6 " : "4 ") + ip + ":" + port + ": bind: address already in use");
        } catch (IOException e) {
            throw new NetException(NetException.Kind.FAILED, prefix + "Error starting userland proxy: listen "
                    + r.proto() + " " + ip + ":" + port + ": bind: " + e.getMessage());
        }
    }

    /** Closes a stopped container's published ports. */
    public synchronized void unpublish(String containerId) {
        List<Forwarder> l = byContainer.remove(containerId);
        if (l != null) {
            l.forEach(Forwarder::close);
        }
    }

    /** The ports published for a container, in publish order. */
    public synchronized List<PublishedPort> published(String containerId) {
        List<PublishedPort> out = new ArrayList<>();
        for (Forwarder f : byContainer.getOrDefault(containerId, List.of())) {
            out.add(new PublishedPort(f.binding.containerPort(), f.binding.proto(), f.binding.hostIp(),
                    f.binding.hostPort()));
        }
        return out;
    }

    /** The TCP binding on a host port, if any (for host-network containers dialing localhost). */
    public synchronized Binding bindingOn(int port) {
        for (List<Forwarder> l : byContainer.values()) {
            for (Forwarder f : l) {
                if (f.binding.hostPort() == port && f.binding.proto().equals("tcp")) {
                    return f.binding;
                }
            }
        }
        return null;
    }

    /** A host-network container listening: a real socket on the host, each connection handed to the handler. */
    synchronized void openHostListener(int port, ConnectionHandler handler) throws IOException {
        if (allocated("tcp", "0.0.0.0", port)) {
            throw new BindException("Address already in use");
        }
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(defaultBindAddress), port), 512);
        hostModeSockets.put(port, ss);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        hostModeLoops.put(port, done);
        executor.execute(() -> {
            try {
                acceptHostMode(ss, port, handler);
            } finally {
                done.countDown();
            }
        });
    }

    private void acceptHostMode(ServerSocket ss, int port, ConnectionHandler handler) {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    s.setTcpNoDelay(true);
                    VirtualConnection[] pair = VirtualConnection.pair(
                            s.getInetAddress().getHostAddress() + ":" + s.getPort(), "127.0.0.1:" + port);
                    executor.execute(() -> {
                        try {
                            handler.handle(pair[1]);
                        } catch (IOException | RuntimeException ignored) {
                            // The client went away.
                        } finally {
                            pair[1].close();
                        }
                    });
                    splice(s, pair[0]);
                } catch (IOException e) {
                    return;
                }
            }
    }

    synchronized void closeHostListener(int port) {
        ServerSocket ss = hostModeSockets.remove(port);
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // Already closed.
            }
            awaitQuietly(hostModeLoops.remove(port));
        }
    }

    /** Closes every socket (at shutdown). */
    public synchronized void closeAll() {
        byContainer.values().forEach(l -> l.forEach(Forwarder::close));
        byContainer.clear();
        for (ServerSocket ss : hostModeSockets.values()) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
        hostModeSockets.clear();
        hostModeLoops.clear();
    }

    /** A socket closed while another thread accepts on it stays open until that thread wakes: wait for it. */
    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        if (latch == null) {
            return;
        }
        try {
            latch.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins a host socket and a virtual connection both ways, each direction on its own thread. */
    private void splice(Socket s, VirtualConnection c) throws IOException {
        var sin = s.getInputStream();
        var sout = s.getOutputStream();
        executor.execute(() -> VirtualConnection.pump(sin, c.output(), c::shutdownOutput));
        executor.execute(() -> VirtualConnection.pump(c.input(), sout, () -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already closed.
            }
            c.close();
        }));
    }

    private final class Forwarder {
        final Binding binding;
        final ServerSocket server;
        final DatagramSocket datagram;
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        Forwarder(Binding binding, ServerSocket server, DatagramSocket datagram) {
            this.binding = binding;
            this.server = server;
            this.datagram = datagram;
        }

        void acceptLoop() {
            try {
                acceptAll();
            } finally {
                done.countDown();
            }
        }

        private void acceptAll() {
            while (!server.isClosed()) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                try {
                    s.setTcpNoDelay(true);
                    VirtualConnection c = fabric.connectFromHost(binding.containerId(), binding.containerPort(),
                            s.getInetAddress().getHostAddress() + ":" + s.getPort());
                    splice(s, c);
                } catch (IOException e) {
                    // Nothing listens in the container: docker-proxy accepts, then closes.
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // Already closed.
                    }
                }
            }
        }

        void close() {
            try {
                if (server != null) {
                    server.close();
                    awaitQuietly(done);
                }
                if (datagram != null) {
                    datagram.close();
                }
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
