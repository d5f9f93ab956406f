package dev.drydock.containers;

import dev.drydock.engine.containers.LaunchException;
import dev.drydock.engine.containers.LaunchedProcess;
import dev.drydock.engine.containers.ProcessLauncher;
import dev.drydock.engine.containers.ProcessRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stand-in for the simulated runtime, so the container state machine is testable on its own.
 *
 * <p>Programs: {@code true}, {@code false}, {@code echo ARGS}, {@code echoerr ARGS}, {@code exit N},
 * {@code sleep} (PID 1 without handlers: ignores TERM, dies on KILL), {@code trapterm} (exits 143 on TERM),
 * {@code cat} (stdin to stdout until EOF); anything else is a missing executable (127), {@code noexec} a
 * non-executable one (126).
 */
final class FakeLauncher implements ProcessLauncher {
    private final AtomicInteger pids = new AtomicInteger(1000);

    @Override
    public LaunchedProcess launch(ProcessRequest req) throws LaunchException {
        List<String> argv = req.argv();
        String cmd = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        Proc p = new Proc(pids.incrementAndGet(), req);
        switch (cmd) {
            case "true" -> p.finishSoon(0);
            case "false" -> p.finishSoon(1);
            case "echo" -> {
                p.print(req.stdout(), String.join(" ", args) + "\n");
                p.finishSoon(0);
            }
            case "echoerr" -> {
                p.print(req.stderr(), String.join(" ", args) + "\n");
                p.finishSoon(0);
            }
            case "exit" -> p.finishSoon(Integer.parseInt(args.get(0)));
            case "sleep" -> p.ignoreTerm = true;
            case "trapterm" -> p.ignoreTerm = false;
            case "cat" -> p.catStdin();
            case "noexec" -> throw new LaunchException(126, "exec: \"noexec\": permission denied");
            default -> throw new LaunchException(127, "exec: \"" + cmd + "\": executable file not found in $PATH");
        }
        return p;
    }

    private static final class Proc implements LaunchedProcess {
        private final int pid;
        private final ProcessRequest req;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private volatile boolean ignoreTerm = true;
        private volatile boolean paused;
        private final java.io.PipedOutputStream stdin = new java.io.PipedOutputStream();

        Proc(int pid, ProcessRequest req) {
            this.pid = pid;
            this.req = req;
        }

        void print(OutputStream out, String s) {
            try {
                out.write(s.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Exits on another thread, as a real runtime reports exits asynchronously. */
        void finishSoon(int code) {
            CompletableFuture.runAsync(() -> exit.complete(code));
        }

        void catStdin() {
            try {
                java.io.PipedInputStream in = new java.io.PipedInputStream(stdin, 65536);
                Thread t = new Thread(() -> {
                    try {
                        byte[] buf = new byte[4096];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            req.stdout().write(buf, 0, n);
                        }
                    } catch (IOException ignored) {
                        // the writer went away: EOF
                    }
                    exit.complete(0);
                });
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
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
            if (signal == 9) {
                exit.complete(137);
            } else if (signal == 15 && !ignoreTerm && !paused) {
                exit.complete(143);
            }
        }

        @Override
        public OutputStream stdin() {
            return req.openStdin() ? stdin : null;
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public List<ProcessRow> processes() {
            return List.of(new ProcessRow(pid, pid - 1, "root", String.join(" ", req.argv())));
        }
    }
}
