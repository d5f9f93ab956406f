package dev.drydock.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The docker CLI's own floor for {@code docker run --rm busybox true}: a Unix-socket server that answers the five
 * requests of that command (ping, create, attach, wait, start) at once with canned replies, and no engine behind
 * them. What the CLI takes against it is process start, flag parsing and its own work between requests; no real
 * server can answer faster, so it bounds the speed-up any server can show over another through the CLI.
 */
final class CliFloor implements AutoCloseable {
    private static final String ID = "f".repeat(64);
    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    /** Completed by each start: the run's attach stream then closes and its wait answers. */
    private volatile CompletableFuture<Void> started = new CompletableFuture<>();

    private CliFloor(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
        this.acceptor = new Thread(this::accept, "cli-floor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static CliFloor start() throws IOException {
        Path socket = Files.createTempFile("cli-floor", ".sock");
        Files.delete(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new CliFloor(socket, server);
    }

    URI uri() {
        return URI.create("unix://" + socket);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = new Thread(() -> serve(ch), "cli-floor-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            OutputStream out = Channels.newOutputStream(ch);
            String line;
            while ((line = readLine(in)) != null) {
                String path = line.split(" ")[1];
                long length = 0;
                String h;
                while ((h = readLine(in)) != null && !h.isEmpty()) {
                    if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Long.parseLong(h.substring(15).trim());
                    }
                }
                in.skipNBytes(length);
                if (path.endsWith("/_ping")) {
                    out.write(reply("200 OK", ""));
                } else if (path.endsWith("/containers/create")) {
                    started = new CompletableFuture<>();
                    out.write(reply("201 Created", "{\"Id\":\"" + ID + "\",\"Warnings\":[]}"));
                } else if (path.contains("/attach")) {
                    out.write(ascii("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                            + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n"));
                    out.flush();
                    started.join();
                    return;
                } else if (path.contains("/wait")) {
                    CompletableFuture<Void> run = started;
                    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"));
                    out.flush();
                    run.join();
                    String body = "{\"Error\":null,\"StatusCode\":0}\n";
                    out.write(ascii(Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"));
                } else if (path.contains("/start")) {
                    out.write(ascii("HTTP/1.1 204 No Content\r\nApi-Version: 1.50\r\n\r\n"));
                    out.flush();
                    started.complete(null);
                } else {
                    out.write(reply("404 Not Found", "{\"message\":\"page not found\"}"));
                }
                out.flush();
            }
        } catch (IOException e) {
            // The CLI closed its connection: nothing more to answer.
        }
    }

    private static byte[] reply(String status, String json) {
        return ascii("HTTP/1.1 " + status + "\r\nApi-Version: 1.50\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length() + "\r\n\r\n" + json);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return c < 0 && sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
