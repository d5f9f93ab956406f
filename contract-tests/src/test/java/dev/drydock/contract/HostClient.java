package dev.drydock.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Requests to a Docker host, each on a connection of its own so one contract's failure cannot leave another
 * reading a half-consumed response.
 */
public final class HostClient {
    /** How long a plain request may take before the test fails instead of hanging. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI host;

    public HostClient(URI host) {
        this.host = host;
    }

    public URI host() {
        return host;
    }

    public HostResponse get(String path) {
        return request("GET", path, Map.of(), null);
    }

    public HostResponse head(String path) {
        return request("HEAD", path, Map.of(), null);
    }

    public HostResponse delete(String path) {
        return request("DELETE", path, Map.of(), null);
    }

    /** POST with a JSON body ({@code null} for none). */
    public HostResponse post(String path, String json) {
        if (json == null) {
            return request("POST", path, Map.of(), null);
        }
        return request("POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    public HostResponse request(String method, String path, Map<String, String> headers, byte[] body) {
        try (HostConnection c = HostConnection.open(host)) {
            return c.exchange(method, path, headers, body, TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " on " + host + ": " + e.getMessage(), e);
        }
    }

    /** A streamed GET: status and headers have arrived; close it to hang up. */
    public HostStream stream(String path) {
        HostConnection c = null;
        try {
            c = HostConnection.open(host);
            return c.stream("GET", path, Map.of(), null, TIMEOUT).owningConnection();
        } catch (IOException e) {
            if (c != null) {
                c.close();
            }
            throw new UncheckedIOException("GET " + path + " on " + host + ": " + e.getMessage(), e);
        }
    }
}
