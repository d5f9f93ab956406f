package dev.drydock.contract;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.apispec.ApiSpec;

import java.net.URI;
import java.util.List;

/** An embedded Drydock with its defaults (loopback TCP plus a Unix socket); contracts talk TCP to it. */
final class DrydockTarget implements ContractTarget {
    private final Drydock drydock = Drydock.start(DrydockConfig.defaults());

    @Override
    public String name() {
        return "drydock";
    }

    @Override
    public URI host() {
        return drydock.tcpUri();
    }

    @Override
    public List<URI> hosts() {
        return drydock.hosts();
    }

    @Override
    public boolean isDrydock() {
        return true;
    }

    @Override
    public boolean serves(String method, String path) {
        String wanted = ApiSpec.operation(method, path);
        return drydock.httpServer().routes().stream()
                .anyMatch(r -> ApiSpec.operation(r.method(), r.path()).equals(wanted));
    }

    @Override
    public void close() {
        drydock.close();
    }
}
