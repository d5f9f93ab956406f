package dev.drydock.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real docker CLI, run against a host with {@code -H}, isolated from the user's contexts and config. */
public final class DockerCli {
    private final String binary;
    private final Path config;

    private DockerCli(String binary, Path config) {
        this.binary = binary;
        this.config = config;
    }

    /** The CLI from PATH (or /usr/local/bin); skips the calling test loudly when there is none. */
    public static DockerCli require() {
        String found = find();
        Assumptions.assumeTrue(found != null,
                "SKIPPED: no docker CLI on PATH or in /usr/local/bin; install docker-ce-cli to run the real-client tests");
        try {
            return new DockerCli(found, Files.createTempDirectory("drydock-docker-config-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String find() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/local/bin");
        for (String dir : dirs) {
            File f = new File(dir, "docker");
            if (!dir.isEmpty() && f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    /** What a run printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code docker -H host args...} and waits for it (a minute at most). */
    public Result run(URI host, String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary, "-H", host.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        for (String k : List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
                "DOCKER_API_VERSION")) {
            env.remove(k);
        }
        env.put("DOCKER_CONFIG", config.toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("docker " + String.join(" ", args) + " did not finish in 60s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
