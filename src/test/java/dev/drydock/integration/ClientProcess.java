package dev.drydock.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real third-party Docker client (a python or node script, docker-compose) run as a child process against
 * one Drydock, with DOCKER_HOST set and the user's Docker settings cleared.
 */
final class ClientProcess {
    private ClientProcess() {
    }

    record Result(int code, String out, String err) {
        /** Both streams, for assertion messages. */
        String all() {
            return out + (err.isEmpty() ? "" : "\n--- stderr ---\n" + err);
        }
    }

    /** Runs {@code command} in {@code dir} with DOCKER_HOST={@code host} and the extra environment. */
    static Result run(URI host, Path dir, Map<String, String> env, int timeoutSeconds, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> e = pb.environment();
        for (String k : List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_API_VERSION", "DOCKER_TLS_VERIFY",
                "DOCKER_CERT_PATH", "COMPOSE_API_VERSION", "COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "NODE_PATH",
                "PYTHONPATH")) {
            e.remove(k);
        }
        e.put("DOCKER_HOST", host.toString());
        e.put("DOCKER_CONFIG", dir.resolve(".docker").toString());
        e.putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " hung for " + timeoutSeconds + " s; output:\n"
                        + out.getNow("") + err.getNow(""));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Copies a test resource (a client script or compose file) into {@code dir}. */
    static Path resource(String name, Path dir) {
        try (InputStream in = ClientProcess.class.getResourceAsStream("/clients/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource /clients/" + name);
            }
            Path target = dir.resolve(Path.of(name).getFileName().toString());
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Whether a command exits 0 (a probe for an installed client). */
    static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            return "";
        }
    }
}
