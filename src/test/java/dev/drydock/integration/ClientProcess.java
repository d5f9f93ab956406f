package dev.drydock.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real third-party Docker client (a python or node script, docker-compose) run as a child process against
 * one Drydock, with DOCKER_HOST set and the user's Docker settings cleared. A client that does not finish in
 * time fails the test with what it printed so far, where a Python client stood, and what Drydock's own
 * threads were doing: never a silent hang.
 */
final class ClientProcess {
    /** How long a hung Python client gets to print its tracebacks after SIGABRT. */
    private static final long DUMP_GRACE_MILLIS = 2_000;

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
        // A Python client (docker-py, docker-compose) prints every thread's traceback on SIGABRT: see hung().
        e.put("PYTHONFAULTHANDLER", "1");
        e.putAll(env);
        Process p;
        try {
            p = pb.start();
            p.getOutputStream().close();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw hung(p, out, err, String.join(" ", command) + " hung for " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), out.finish(), err.finish());
        } catch (InterruptedException ex) {
            // JUnit's @Timeout interrupts us: still say where the client stood (the flag is clear while we look).
            AssertionError failure = hung(p, out, err, String.join(" ", command) + " was interrupted (test timeout)");
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /** Kills a hung client (a Python one after dumping its threads) and says what it and Drydock were doing. */
    private static AssertionError hung(Process p, Drain out, Drain err, String what) {
        boolean python = p.info().command().map(c -> c.contains("python")).orElse(false);
        if (python) {
            signal(p, "ABRT");
            try {
                p.waitFor(DUMP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        String o = out.finish();
        String r = err.finish();
        return new AssertionError(what + "; its output:\n" + o + (r.isEmpty() ? "" : "\n--- stderr ---\n" + r)
                + "\n--- Drydock threads ---\n" + drydockThreads());
    }

    private static void signal(Process p, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException ex) {
            // No kill(1): the output we have must do.
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stacks of this JVM's threads that stand in Drydock code (stream bodies, the engine), not in tests. */
    private static String drydockThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> t.getKey() != Thread.currentThread())
                .filter(t -> Arrays.stream(t.getValue()).anyMatch(f -> f.getClassName().startsWith("dev.drydock.")))
                .map(t -> t.getKey().getName() + " " + t.getKey().getState() + "\n" + Arrays.stream(t.getValue())
                        .limit(25).map(f -> "    at " + f).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
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

    /** Whether a command exits 0 within 30 s (a probe for an installed client). */
    static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            Drain out = new Drain(p.getInputStream());
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            out.finish();
            return done && p.exitValue() == 0;
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads a child's stream as it comes, so that what it printed before a hang can be shown. */
    private static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread reader;

        Drain(InputStream in) {
            reader = new Thread(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        synchronized (buf) {
                            buf.write(chunk, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // The child is gone: what was read stays.
                }
            }, "client-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Everything read, once the stream ended (or after a short wait: a grandchild may hold the pipe). */
        String finish() {
            try {
                reader.join(5_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
