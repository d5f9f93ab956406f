package dev.drydock.contract;

import org.junit.jupiter.api.Assumptions;

import java.net.URI;
import java.util.List;

/**
 * A real Docker Engine given by {@code -Ddrydock.contract.host=unix:///var/run/docker.sock} (or {@code tcp://...});
 * without the property every remote contract is skipped, and says so.
 */
final class RemoteTarget implements ContractTarget {
    /** The system property naming the Engine to verify against. */
    static final String PROPERTY = "drydock.contract.host";

    private final URI host;

    private RemoteTarget(URI host) {
        this.host = host;
    }

    /** The Engine named by the property; skips the calling test class (loudly) when there is none. */
    static RemoteTarget fromProperty(String contract) {
        String value = System.getProperty(PROPERTY, "").trim();
        if (value.isEmpty()) {
            String why = "SKIPPED " + contract + " against a real Engine: no -D" + PROPERTY
                    + "=unix:///path/docker.sock given (scripts/reference-dockerd start runs one; see README)";
            System.err.println("[contract] " + why);
            Assumptions.abort(why);
        }
        return new RemoteTarget(URI.create(value));
    }

    @Override
    public String name() {
        return host.toString();
    }

    @Override
    public URI host() {
        return host;
    }

    @Override
    public List<URI> hosts() {
        return List.of(host);
    }

    @Override
    public boolean isDrydock() {
        return false;
    }

    @Override
    public boolean serves(String method, String path) {
        return true;
    }

    @Override
    public void close() {
        // Nothing of ours runs there.
    }
}
