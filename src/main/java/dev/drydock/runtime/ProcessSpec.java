package dev.drydock.runtime;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.drydock.fs.FsView;
import dev.drydock.runtime.net.NetStack;

/**
 * What to run: argv, environment, working directory, user, terminal, streams, and the container's filesystem
 * and network. Build one with {@link #builder(FsView)}; the container and exec layers fill it from the
 * container config.
 */
public final class ProcessSpec {
    private final List<String> argv;
    private final Map<String, String> env;
    private final String workdir;
    private final String user;
    private final boolean tty;
    private final boolean stdinOpen;
    private final int consoleRows;
    private final int consoleCols;
    private final FsView fs;
    private final String hostname;
    private final NetStack net;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final PidNamespace namespace;
    private final String image;
    private final boolean inlineQuick;

    private ProcessSpec(Builder b) {
        this.argv = List.copyOf(b.argv);
        this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.workdir = b.workdir;
        this.user = b.user;
        this.tty = b.tty;
        this.stdinOpen = b.stdinOpen;
        this.consoleRows = b.rows;
        this.consoleCols = b.cols;
        this.fs = Objects.requireNonNull(b.fs, "fs");
        this.hostname = b.hostname;
        this.net = b.net;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.namespace = b.namespace;
        this.image = b.image;
        this.inlineQuick = b.inlineQuick;
    }

    /** A builder over the filesystem the process sees. */
    public static Builder builder(FsView fs) {
        return new Builder(fs);
    }

    /** A copy of this spec to change some fields. */
    public Builder toBuilder() {
        Builder b = new Builder(fs);
        b.argv.addAll(argv);
        b.env.putAll(env);
        b.workdir = workdir;
        b.user = user;
        b.tty = tty;
        b.stdinOpen = stdinOpen;
        b.rows = consoleRows;
        b.cols = consoleCols;
        b.hostname = hostname;
        b.net = net;
        b.stdout = stdout;
        b.stderr = stderr;
        b.namespace = namespace;
        b.image = image;
        b.inlineQuick = inlineQuick;
        return b;
    }

    public List<String> argv() {
        return argv;
    }

    /** The environment, in order ("PATH" etc.); the runtime adds HOME from /etc/passwd when absent. */
    public Map<String, String> env() {
        return env;
    }

    public String workdir() {
        return workdir;
    }

    /** The user as Docker takes it: "", "root", "1000", "1000:1000", "name:group". */
    public String user() {
        return user;
    }

    public boolean tty() {
        return tty;
    }

    public boolean stdinOpen() {
        return stdinOpen;
    }

    public int consoleRows() {
        return consoleRows;
    }

    public int consoleCols() {
        return consoleCols;
    }

    public FsView fs() {
        return fs;
    }

    public String hostname() {
        return hostname;
    }

    /** The network, or null for the runtime's loopback-only default. */
    public NetStack net() {
        return net;
    }

    /** Where the process's stdout goes (with a TTY: stdout and stderr merged, with CRLF line ends). */
    public OutputStream stdout() {
        return stdout;
    }

    /** Where the process's stderr goes (unused with a TTY). */
    public OutputStream stderr() {
        return stderr;
    }

    /** The PID namespace to join (a container's, for exec), or null for a new one where this process is PID 1. */
    public PidNamespace namespace() {
        return namespace;
    }

    /** The image reference the container runs (for programs registered per image), or null. */
    public String image() {
        return image;
    }

    /**
     * Whether a quick program (one that never waits and writes little, such as {@code echo}) is left for the
     * caller to run on its own thread ({@link SimProcess#runDeferred}, which it must call); otherwise (and for
     * any other program) it runs on a worker.
     */
    public boolean inlineQuick() {
        return inlineQuick;
    }

    /** Fluent builder; every field has a Docker-like default. */
    public static final class Builder {
        private final List<String> argv = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String workdir = "/";
        private String user = "";
        private boolean tty;
        private boolean stdinOpen;
        private int rows = 24;
        private int cols = 80;
        private final FsView fs;
        private String hostname = "localhost";
        private NetStack net;
        private OutputStream stdout;
        private OutputStream stderr;
        private PidNamespace namespace;
        private String image;
        private boolean inlineQuick;

        private Builder(FsView fs) {
            this.fs = fs;
        }

        public Builder argv(List<String> argv) {
            this.argv.clear();
            this.argv.addAll(argv);
            return this;
        }

        public Builder argv(String... argv) {
            return argv(List.of(argv));
        }

        /** Adds environment entries (later wins). */
        public Builder env(Map<String, String> env) {
            this.env.putAll(env);
            return this;
        }

        /** Adds environment entries given Docker's way, "KEY=value" (a bare "KEY" is ignored). */
        public Builder env(List<String> kvs) {
            for (String kv : kvs) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder workdir(String workdir) {
            this.workdir = workdir == null || workdir.isEmpty() ? "/" : workdir;
            return this;
        }

        public Builder user(String user) {
            this.user = user == null ? "" : user;
            return this;
        }

        public Builder tty(boolean tty) {
            this.tty = tty;
            return this;
        }

        /** True when the caller will write to {@link SimProcess#stdin()}; otherwise stdin reads EOF. */
        public Builder stdinOpen(boolean open) {
            this.stdinOpen = open;
            return this;
        }

        public Builder consoleSize(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder net(NetStack net) {
            this.net = net;
            return this;
        }

        /** Output sinks; written from process threads as output happens, never closed by the runtime. */
        public Builder stdout(OutputStream out) {
            this.stdout = out;
            return this;
        }

        public Builder stderr(OutputStream err) {
            this.stderr = err;
            return this;
        }

        public Builder namespace(PidNamespace ns) {
            this.namespace = ns;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** See {@link ProcessSpec#inlineQuick()}. */
        public Builder inlineQuick(boolean inline) {
            this.inlineQuick = inline;
            return this;
        }

        public ProcessSpec build() {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("argv is empty");
            }
            return new ProcessSpec(this);
        }
    }
}
