package dev.drydock.integration;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real docker CLI against one Drydock, with optional piped stdin; skips loudly when there is no CLI. */
final class Cli {
    private final String docker;
    private final URI host;
    private final Path config;

    private Cli(String docker, URI host, Path config) {
        this.docker = docker;
        this.host = host;
        this.config = config;
    }

    static Cli require(URI host) {
        String docker = List.of("/usr/local/bin/docker", "/usr/bin/docker").stream()
                .filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        assumeTrue(docker != null, "SKIPPED LOUDLY: no docker CLI on this machine; the CLI end-to-end tests need one");
        try {
            return new Cli(docker, host, Files.createTempDirectory("drydock-integrate-cli-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int code, String out, String err) {
    }

    Result run(String... args) {
        return runWithStdin(null, args);
    }

    /** Runs the command and asserts it exited 0, naming the command and its output when not. */
    Result ok(String... args) {
        Result r = run(args);
        org.assertj.core.api.Assertions.assertThat(r.code())
                .as("docker " + String.join(" ", args) + ": " + r.out() + r.err()).isZero();
        return r;
    }

    Result runWithStdin(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(docker, "-H", host.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        for (String k : List.of("DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_API_VERSION", "DOCKER_TLS_VERIFY")) {
            pb.environment().remove(k);
        }
        pb.environment().put("DOCKER_CONFIG", config.toString());
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("docker " + String.join(" ", args) + " hung");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The bytes of a binary output (docker export / cp to stdout). */
    byte[] runBytes(String... args) {
        List<String> cmd = new ArrayList<>(List.of(docker, "-H", host.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DOCKER_CONFIG", config.toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
