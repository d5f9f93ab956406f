package dev.drydock.engine.wiring;

import dev.drydock.net.ContainerNetStack;
import dev.drydock.net.InterfaceCounters;
import dev.drydock.net.VirtualConnection;
import dev.drydock.net.VirtualListener;
import dev.drydock.runtime.net.NetStack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A container's processes use the virtual network of the networks room: its endpoints, DNS and listeners. */
final class NetStackAdapter implements NetStack {
    private final ContainerNetStack net;

    NetStackAdapter(ContainerNetStack net) {
        this.net = net;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return net.resolve(host);
    }

    @Override
    public Connection connect(String host, int port) throws IOException {
        return connection(net.connect(host, port));
    }

    @Override
    public Listener listen(int port, ConnectionHandler handler) throws IOException {
        return listen("::", port, handler);
    }

    @Override
    public List<String> boundAddresses(int port) {
        return net.boundAddresses(port);
    }

    @Override
    public Listener listen(List<String> bindAddresses, int port, ConnectionHandler handler) throws IOException {
        VirtualListener l = net.listen(bindAddresses, port, c -> handler.handle(connection(c)));
        return new Listener() {
            @Override
            public int port() {
                return l.port();
            }

            @Override
            public void close() {
                l.close();
            }
        };
    }

    @Override
    public boolean reachable(String address) {
        return net.reachable(address);
    }

    @Override
    public boolean echo(String address, int payload) {
        return net.echo(address, payload);
    }

    @Override
    public Statistics statistics(String interfaceName) {
        InterfaceCounters.Snapshot s = net.statistics().get(interfaceName);
        return s == null ? Statistics.ZERO : new Statistics(s.rxBytes(), s.rxPackets(), s.txBytes(), s.txPackets());
    }

    @Override
    public List<Integer> listeningPorts() {
        return net.listeningPorts();
    }

    @Override
    public List<NetInterface> interfaces() {
        List<NetInterface> out = new ArrayList<>();
        for (ContainerNetStack.Interface i : net.interfaces()) {
            out.add(new NetInterface(i.name(), i.mac(), i.address(), i.prefix(), i.mtu()));
        }
        return out;
    }

    @Override
    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        for (ContainerNetStack.RouteEntry r : net.routes()) {
            out.add(new Route(r.destination(), r.gateway(), r.device(), r.source()));
        }
        return out;
    }

    private static Connection connection(VirtualConnection c) {
        return new Connection() {
            @Override
            public InputStream input() {
                return c.input();
            }

            @Override
            public OutputStream output() {
                return c.output();
            }

            @Override
            public String remoteAddress() {
                return c.remoteAddress();
            }

            @Override
            public void close() {
                c.close();
            }
        };
    }
}
