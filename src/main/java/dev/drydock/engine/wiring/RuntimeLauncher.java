package dev.drydock.engine.wiring;

import dev.drydock.engine.containers.LaunchException;
import dev.drydock.engine.containers.LaunchedProcess;
import dev.drydock.engine.containers.ProcessLauncher;
import dev.drydock.engine.containers.ProcessRequest;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.fs.FsException;
import dev.drydock.runtime.PidNamespace;
import dev.drydock.runtime.ProcessSpec;
import dev.drydock.runtime.ProcessStartException;
import dev.drydock.runtime.SimProcess;
import dev.drydock.runtime.SimRuntime;
import dev.drydock.runtime.Users;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Containers' main processes run in the simulated runtime, on their filesystem view and virtual network. */
public final class RuntimeLauncher implements ProcessLauncher {
    private final SimRuntime runtime;
    private final NetworkService networks;

    public RuntimeLauncher(SimRuntime runtime, NetworkService networks) {
        this.runtime = runtime;
        this.networks = networks;
    }

    @Override
    public LaunchedProcess launch(ProcessRequest req) throws LaunchException {
        return start(req, null);
    }

    private LaunchedProcess start(ProcessRequest req, PidNamespace namespace) throws LaunchException {
        // Like the daemon, a configured working directory that the image lacks is created at start (an exec's
        // is not: exec -w into a missing directory fails like runc's chdir).
        if (namespace == null && !req.workingDir().equals("/") && !req.fs().exists(req.workingDir())) {
            try {
                req.fs().mkdirs(req.workingDir());
            } catch (FsException ignored) {
                // The runtime then reports the missing directory as runc would.
            }
        }
        ProcessSpec spec = ProcessSpec.builder(req.fs())
                .argv(req.argv())
                .env(req.env())
                .workdir(req.workingDir())
                .user(req.user())
                .tty(req.tty())
                .stdinOpen(req.openStdin())
                .consoleSize(req.consoleHeight(), req.consoleWidth())
                .hostname(req.hostname())
                .net(new NetStackAdapter(networks.stack(req.containerId())))
                .stdout(req.stdout())
                .stderr(req.stderr())
                .image(req.image())
                .namespace(namespace)
                .inlineQuick(req.inlineQuick())
                .build();
        try {
            return new Launched(this, runtime.start(spec), req.fs());
        } catch (ProcessStartException e) {
            throw new LaunchException(e.exitCode(), e.getMessage());
        }
    }

    /** The runtime's process as the container sees it. */
    private record Launched(RuntimeLauncher launcher, SimProcess p, dev.drydock.fs.FsView fs)
            implements LaunchedProcess {
        /** An exec joins this process's PID namespace, so it is one of the container's processes. */
        @Override
        public LaunchedProcess exec(ProcessRequest request) throws LaunchException {
            return launcher.start(request, p.namespace());
        }

        @Override
        public int pid() {
            return p.pid();
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return p.exit();
        }

        @Override
        public void signal(int signal) {
            p.signal(signal);
        }

        @Override
        public boolean handles(int signal) {
            return p.handles(signal);
        }

        @Override
        public OutputStream stdin() {
            return p.stdin();
        }

        @Override
        public void runDeferred() {
            p.runDeferred();
        }

        @Override
        public void resize(int height, int width) {
            p.resize(height, width);
        }

        /** The container's processes (this one, its children, its execs) freeze together, as a cgroup does. */
        @Override
        public void pause() {
            p.namespace().freezer().freeze();
        }

        @Override
        public void resume() {
            p.namespace().freezer().thaw();
        }

        @Override
        public List<ProcessRow> processes() {
            List<ProcessRow> rows = new ArrayList<>();
            for (SimProcess q : p.namespace().processes()) {
                String user = Users.userName(fs, q.uid());
                rows.add(new ProcessRow(q.pid(), q.ppid(), user == null ? Integer.toString(q.uid()) : user,
                        q.commandLine()));
            }
            return rows;
        }
    }
}
