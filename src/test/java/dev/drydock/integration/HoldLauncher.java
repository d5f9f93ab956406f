package dev.drydock.integration;

import dev.drydock.engine.containers.LaunchException;
import dev.drydock.engine.containers.LaunchedProcess;
import dev.drydock.engine.containers.ProcessLauncher;
import dev.drydock.engine.containers.ProcessRequest;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A launcher for wiring tests that need a running container before the runtime is wired: every process runs until
 * signalled; {@code write PATH TEXT} first writes TEXT into the container's view and exits 0; {@code cat PATH} prints
 * a file and exits 0. It sees exactly the filesystem view the runtime would get.
 */
final class HoldLauncher implements ProcessLauncher {
    private final AtomicInteger pids = new AtomicInteger(100);

    @Override
    public LaunchedProcess launch(ProcessRequest req) throws LaunchException {
        Proc p = new Proc(pids.incrementAndGet());
        var argv = req.argv();
        try {
            if (argv.get(0).equals("write")) {
                req.fs().writeAll(argv.get(1), argv.get(2).getBytes(StandardCharsets.UTF_8));
                p.exit.complete(0);
            } else if (argv.get(0).equals("cat")) {
                req.stdout().write(req.fs().readAll(argv.get(1)));
                req.stdout().flush();
                p.exit.complete(0);
            }
        } catch (java.io.IOException e) {
            throw new LaunchException(1, e.getMessage());
        }
        return p;
    }

    private static final class Proc implements LaunchedProcess {
        private final int pid;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Proc(int pid) {
            this.pid = pid;
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public void signal(int signal) {
            exit.complete(128 + signal);
        }

        @Override
        public OutputStream stdin() {
            return null;
        }
    }
}
