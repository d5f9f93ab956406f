package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP from the host through a published port into the nginx program, over keep-alive connections. */
class PublishedPortHttpTest {
    private Drydock d;
    private int port;

    @BeforeEach
    void start() throws Exception {
        d = Wired.start();
        pull(d, "nginx", "latest");
        create(d, "web", "{\"Image\":\"nginx\",\"HostConfig\":{\"PortBindings\":"
                + "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}}}");
        api(d).post("/containers/web/start").then().statusCode(204);
        port = Integer.parseInt(api(d).get("/containers/web/json").path("NetworkSettings.Ports.'80/tcp'[0].HostPort"));
        awaitNginx();
    }

    @AfterEach
    void stop() {
        d.close();
    }

    @Test
    void oneConnectionCarriesManyRequestsAndAnswersEachInFull() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write(get("/", "").getBytes(StandardCharsets.ISO_8859_1));
                Response r = Response.read(in);
                assertThat(r.status).isEqualTo(200);
                assertThat(r.headers).containsEntry("connection", "keep-alive").containsEntry("server", "nginx/1.25.3");
                assertThat(r.body).contains("Welcome to nginx!");
            }
            s.getOutputStream().write(get("/missing.html", "").getBytes(StandardCharsets.ISO_8859_1));
            Response missing = Response.read(in);
            assertThat(missing.status).isEqualTo(404);
            assertThat(missing.body).contains("<title>404 Not Found</title>");

            // Two requests in one write (pipelined): two answers, in order.
            s.getOutputStream().write((get("/missing.html", "") + get("/index.html", ""))
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(Response.read(in).status).isEqualTo(404);
            assertThat(Response.read(in).status).isEqualTo(200);

            // A page changed meanwhile is served changed on the same connection: nothing stale is kept.
            api(d).contentType("application/x-tar").body(Tars.of("index.html", "<h1>changed</h1>\n"))
                    .queryParam("path", "/usr/share/nginx/html").put("/containers/web/archive").then().statusCode(200);
            s.getOutputStream().write(get("/", "").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(Response.read(in).body).isEqualTo("<h1>changed</h1>\n");

            s.getOutputStream().write(get("/", "Connection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Response last = Response.read(in);
            assertThat(last.headers).containsEntry("connection", "close");
            assertThat(in.read()).as("nginx closes after Connection: close").isEqualTo(-1);
        }
        String logs = api(d).queryParam("stdout", true).get("/containers/web/logs").asString();
        assertThat(logs).contains("127.0.0.1 - - [").contains("\"GET /missing.html HTTP/1.1\" 404 ");
    }

    @Test
    void stoppingTheContainerClosesConnectionsItWasServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            s.getOutputStream().write(get("/", "").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(Response.read(in).status).isEqualTo(200);
            api(d).queryParam("t", 0).post("/containers/web/stop").then().statusCode(204);
            int next;
            try {
                next = in.read();
            } catch (java.net.SocketTimeoutException stillOpen) {
                next = -2;
            } catch (java.net.SocketException reset) {
                next = -1;
            }
            assertThat(next).as("the idle keep-alive connection ends with the container").isEqualTo(-1);
        }
    }

    private static String get(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test/1\r\n" + extraHeaders + "\r\n";
    }

    /** nginx's listener comes up on its own thread once the container started: wait for a first answer. */
    private void awaitNginx() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write(get("/", "Connection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (Response.read(new BufferedInputStream(s.getInputStream())).status == 200) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(20);
        }
    }

    /** One HTTP/1.1 response with a Content-Length body. */
    private record Response(int status, Map<String, String> headers, String body) {
        static Response read(InputStream in) throws IOException {
            String status = line(in);
            if (status == null) {
                throw new IOException("connection closed before a response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String h;
            while ((h = line(in)) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new Response(Integer.parseInt(status.split(" ")[1]), headers,
                    new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    b.write(c);
                }
            }
            return c < 0 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
