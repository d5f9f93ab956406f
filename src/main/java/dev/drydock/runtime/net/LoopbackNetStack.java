package dev.drydock.runtime.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import dev.drydock.runtime.io.Pipe;

/**
 * A network stack with only the loopback interface (like {@code --network none}): listeners are reachable from
 * the same container through 127.0.0.1, localhost or the host name; other names do not resolve.
 */
public final class LoopbackNetStack implements NetStack {
    private final Executor executor;
    private final List<String> selfNames;
    private final List<NetInterface> interfaces;
    private final List<Route> routes;
    private final Map<Integer, ConnectionHandler> listeners = new ConcurrentHashMap<>();
    private final Map<Integer, List<String>> bound = new ConcurrentHashMap<>();
    private final AtomicInteger ephemeral = new AtomicInteger(40000);

    /** Loopback only; connections to listeners are served on {@code executor}. */
    public LoopbackNetStack(Executor executor, String... selfNames) {
        this(executor, List.of(new NetInterface("lo", "00:00:00:00:00:00", "127.0.0.1", 8, 65536)), List.of(),
            selfNames);
    }

    /** With extra interfaces and routes (still reaching only itself), for a plausible {@code ip addr}. */
    public LoopbackNetStack(Executor executor, List<NetInterface> interfaces, List<Route> routes,
                            String... selfNames) {
        this.executor = executor;
        this.interfaces = List.copyOf(interfaces);
        this.routes = List.copyOf(routes);
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1", "0.0.0.0", "ip6-localhost"));
        for (String n : selfNames) {
            names.add(n);
        }
        for (NetInterface i : interfaces) {
            names.add(i.address());
        }
        this.selfNames = List.copyOf(names);
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        if (!isSelf(host)) {
            throw new UnknownHostException(host);
        }
        String ip = "127.0.0.1";
        if (!host.equals("localhost") && !host.startsWith("127.")) {
            for (NetInterface i : interfaces) {
                if (!i.name().equals("lo")) {
                    ip = i.address();
                    break;
                }
            }
        }
        if (host.matches("[0-9.]+")) {
            ip = host;
        }
        return List.of(InetAddress.getByAddress(host, toBytes(ip)));
    }

    private boolean isSelf(String host) {
        return selfNames.contains(host) || host.startsWith("127.");
    }

    private static byte[] toBytes(String ip) {
        String[] p = ip.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        return b;
    }

    @Override
    public Connection connect(String host, int port) throws IOException {
        if (!isSelf(host)) {
            throw new UnknownHostException(host);
        }
        ConnectionHandler handler = listeners.get(port);
        if (handler == null) {
            throw new ConnectException("Connection refused");
        }
        Pipe toServer = new Pipe(65536);
        Pipe toClient = new Pipe(65536);
        int clientPort = ephemeral.getAndIncrement();
        Connection server = new PipeConnection(toServer.source(), toClient.sink(), "127.0.0.1:" + clientPort,
            toServer, toClient);
        Connection client = new PipeConnection(toClient.source(), toServer.sink(), "127.0.0.1:" + port,
            toClient, toServer);
        executor.execute(() -> {
            try {
                handler.handle(server);
            } catch (IOException | RuntimeException e) {
                // the peer went away: nothing to report
            } finally {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
        return client;
    }

    @Override
    public Listener listen(int port, ConnectionHandler handler) throws IOException {
        return listen("::", port, handler);
    }

    @Override
    public List<String> boundAddresses(int port) {
        return bound.getOrDefault(port, List.of("::"));
    }

    @Override
    public Listener listen(List<String> bindAddresses, int port, ConnectionHandler handler) throws IOException {
        List<String> addresses = List.copyOf(bindAddresses);
        if (listeners.putIfAbsent(port, handler) != null) {
            throw new BindException("Address in use");
        }
        bound.put(port, addresses);
        return new Listener() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                if (listeners.remove(port, handler)) {
                    bound.remove(port, addresses);
                }
            }
        };
    }

    @Override
    public List<Integer> listeningPorts() {
        List<Integer> l = new ArrayList<>(listeners.keySet());
        l.sort(null);
        return l;
    }

    @Override
    public List<NetInterface> interfaces() {
        return interfaces;
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    private record PipeConnection(InputStream input, OutputStream output, String remoteAddress, Pipe in, Pipe out)
        implements Connection {
        @Override
        public void close() throws IOException {
            in.closeRead();
            out.closeWrite();
        }
    }
}
