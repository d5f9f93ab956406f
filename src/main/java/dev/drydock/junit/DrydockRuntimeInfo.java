package dev.drydock.junit;

import dev.drydock.Drydock;
import dev.drydock.admin.AdminClient;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where the test's Drydock server answers and how to drive it; injectable into test methods and constructors. */
public final class DrydockRuntimeInfo {
    private final Drydock drydock;

    DrydockRuntimeInfo(Drydock drydock) {
        this.drydock = drydock;
    }

    /** The in-process server: faults, journal, verify, reset, engine. */
    public Drydock drydock() {
        return drydock;
    }

    /** The TCP Docker host, {@code tcp://127.0.0.1:PORT}. */
    public URI tcpHost() {
        return drydock.tcpUri();
    }

    /** The Unix socket Docker host, {@code unix:///...}, when the server listens on one. */
    public Optional<URI> unixHost() {
        return drydock.unixUri();
    }

    /** The value for {@code DOCKER_HOST} (the TCP host). */
    public String dockerHost() {
        return tcpHost().toString();
    }

    public int port() {
        return drydock.port();
    }

    /** The HTTP base URL, {@code http://127.0.0.1:PORT}, for plain HTTP clients. */
    public URI httpBaseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** A client of the admin REST API of this server. */
    public AdminClient adminClient() {
        return AdminClient.connect(httpBaseUri());
    }

    /** Environment for a child process (docker CLI, docker-py...) to talk to this server. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", dockerHost());
        env.put("DOCKER_TLS_VERIFY", "");
        return env;
    }

    @Override
    public String toString() {
        return "DrydockRuntimeInfo" + drydock.hosts();
    }
}
