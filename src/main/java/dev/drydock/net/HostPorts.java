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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

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
    private final Map<Integer, Acceptor> hostModeSockets = new HashMap<>();

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

    /** A host-network container listening: a real socket on the host, each connection served by the handler. */
    synchronized void openHostListener(int port, ConnectionHandler handler) throws IOException {
        if (allocated("tcp", "0.0.0.0", port)) {
            throw new BindException("Address already in use");
        }
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(defaultBindAddress), port), 512);
        Acceptor a = new Acceptor(ss);
        hostModeSockets.put(port, a);
        executor.execute(() -> a.acceptLoop(s -> fabric.serveSocket(handler, s, "127.0.0.1:" + port, a.release(s))));
    }

    synchronized void closeHostListener(int port) {
        Acceptor a = hostModeSockets.remove(port);
        if (a != null) {
            a.close();
        }
    }

    /** Closes every socket (at shutdown). */
    public synchronized void closeAll() {
        byContainer.values().forEach(l -> l.forEach(Forwarder::close));
        byContainer.clear();
        hostModeSockets.values().forEach(Acceptor::close);
        hostModeSockets.clear();
    }

    /** A socket closed while another thread accepts on it stays open until that thread wakes: wait for it. */
    private static void awaitQuietly(CountDownLatch latch) {
        if (latch == null) {
            return;
        }
        try {
            latch.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What an acceptor does with each accepted socket; it owns the socket from then on. */
    @FunctionalInterface
    private interface SocketServer {
        void serve(Socket s) throws IOException;
    }

    /**
     * A listening host socket and the connections it accepted: closing it closes them too, as stopping a
     * container kills docker-proxy and with it every forwarded connection.
     */
    private static final class Acceptor {
        final ServerSocket server;
        final Set<Socket> live = ConcurrentHashMap.newKeySet();
        final CountDownLatch done = new CountDownLatch(1);

        Acceptor(ServerSocket server) {
            this.server = server;
        }

        /** Accepts until closed; each socket is served by its own fabric thread, never by this one. */
        void acceptLoop(SocketServer serve) {
            try {
                while (!server.isClosed()) {
                    Socket s;
                    try {
                        s = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    live.add(s);
                    try {
                        s.setTcpNoDelay(true);
                        serve.serve(s);
                    } catch (IOException e) {
                        // Nothing listens in the container: docker-proxy accepts, then closes.
                        release(s).run();
                    }
                }
            } finally {
                done.countDown();
            }
        }

        /** Closes an accepted socket and forgets it. */
        Runnable release(Socket s) {
            return () -> {
                live.remove(s);
                closeQuietly(s);
            };
        }

        void close() {
            closeQuietly(server);
            awaitQuietly(done);
            closeLive();
        }

        private void closeLive() {
            for (Socket s : live) {
                closeQuietly(s);
            }
            live.clear();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    private final class Forwarder {
        final Binding binding;
        final Acceptor acceptor;
        final DatagramSocket datagram;

        Forwarder(Binding binding, ServerSocket server, DatagramSocket datagram) {
            this.binding = binding;
            this.acceptor = server == null ? null : new Acceptor(server);
            this.datagram = datagram;
        }

        void acceptLoop() {
            acceptor.acceptLoop(s -> fabric.serveFromHost(binding.containerId(), binding.containerPort(), s,
                    acceptor.release(s)));
        }

        void close() {
            if (acceptor != null) {
                acceptor.close();
            }
            if (datagram != null) {
                datagram.close();
            }
        }
    }
}
