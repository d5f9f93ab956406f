package dev.drydock.containers;

import dev.drydock.Drydock;
import dev.drydock.testing.RawHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code POST /containers/{id}/wait} issued the way the docker CLI issues it: the request is sent and its
 * headers read before the test goes on, so the wait is registered before the container can exit.
 */
final class PendingWait implements AutoCloseable {
    private final RawHttp http;
    private final RawHttp.Head head;

    private PendingWait(RawHttp http, RawHttp.Head head) {
        this.http = http;
        this.head = head;
    }

    /** Sends the wait and returns once the daemon flushed its headers. */
    static PendingWait open(Drydock d, String container, String condition) {
        try {
            RawHttp http = RawHttp.connect(d.tcpUri());
            http.request("POST", "/containers/" + container + "/wait?condition=" + condition, "Content-Length: 0");
            return new PendingWait(http, http.readHead());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status line's code. */
    int status() {
        return head.status();
    }

    /** Blocks until the daemon answers: the JSON body, e.g. {@code {"Error":null,"StatusCode":0}}. */
    String body() {
        try {
            return new String(http.readBody(head), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (Exception ignored) {
            // The test is over either way.
        }
    }
}
