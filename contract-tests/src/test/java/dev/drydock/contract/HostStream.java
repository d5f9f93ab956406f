package dev.drydock.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A response whose headers have arrived and whose body is read as it streams (events, logs, progress). */
public final class HostStream implements AutoCloseable {
    private final HostConnection connection;
    private final ChannelInput in;
    private final int status;
    private final String reason;
    private final List<String[]> headers;
    private final HttpBody body;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean ended;
    private boolean ownsConnection;

    HostStream(HostConnection connection, ChannelInput in, int status, String reason, List<String[]> headers,
               HttpBody body) {
        this.connection = connection;
        this.in = in;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The first value of a header, compared case-insensitively. */
    public Optional<String> header(String name) {
        return headerList().stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    List<String[]> headerList() {
        return headers;
    }

    HttpBody body() {
        return body;
    }

    /** Makes {@link #close()} close the connection too (a stream opened on a connection of its own). */
    HostStream owningConnection() {
        ownsConnection = true;
        return this;
    }

    void deadlineIn(Duration d) {
        in.deadlineIn(d.toMillis());
    }

    /**
     * The next line of the body (without its newline) within {@code timeout}; null when the body ended.
     *
     * @throws SocketTimeoutException when no full line arrived in time
     */
    public String readLine(Duration timeout) throws IOException {
        in.deadlineIn(timeout.toMillis());
        byte[] one = new byte[1];
        while (true) {
            if (ended) {
                if (pending.size() == 0) {
                    return null;
                }
                return take();
            }
            int n = body.read(one, 0, 1);
            if (n < 0) {
                ended = true;
                continue;
            }
            if (one[0] == '\n') {
                return take();
            }
            pending.write(one[0]);
        }
    }

    private String take() {
        String s = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return s;
    }

    /** Every remaining line until the server ends the body, which must happen within {@code timeout}. */
    public List<String> readLinesToEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = readLine(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())))) != null) {
            lines.add(line);
        }
        return lines;
    }

    /** True when the body ended (the server closed the stream). */
    public boolean ended() {
        return ended;
    }

    /** Ends the stream; on its own connection, closes it, as a client that goes away. */
    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        } else if (!ended && !body.reusable()) {
            connection.markUnusable();
        }
    }
}
