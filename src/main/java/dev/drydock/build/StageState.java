package dev.drydock.build;

import dev.drydock.engine.Image;
import dev.drydock.engine.ImageConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** One stage's state while it builds: its current image and the container config the next steps see. */
final class StageState {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    final String name;
    Image image;
    String author = "";
    String user;
    final List<String[]> env = new ArrayList<>();
    List<String> cmd;
    List<String> entrypoint;
    boolean cmdSet;
    String workdir;
    final TreeSet<String> exposed = new TreeSet<>();
    final LinkedHashSet<String> volumes = new LinkedHashSet<>();
    String stopSignal;
    final Map<String, String> labels = new LinkedHashMap<>();
    Map<String, Object> healthcheck;
    final List<String> onBuild = new ArrayList<>();
    List<String> shell;
    /** Build args declared in this stage: name to value (null when declared without one and not given). */
    final Map<String, String> args = new LinkedHashMap<>();

    StageState(String name, Image base) {
        this.name = name;
        this.image = base;
        ImageConfig c = base == null ? ImageConfig.EMPTY : base.config();
        if (base != null) {
            author = base.author();
        }
        user = c.user();
        if (c.env() != null) {
            for (String kv : c.env()) {
                int eq = kv.indexOf('=');
                env.add(eq < 0 ? new String[] {kv, ""} : new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
            }
        }
        if (envValue("PATH") == null) {
            env.add(new String[] {"PATH", DEFAULT_PATH});
        }
        cmd = c.cmd();
        entrypoint = c.entrypoint();
        workdir = c.workingDir();
        if (c.exposedPorts() != null) {
            exposed.addAll(c.exposedPorts());
        }
        if (c.volumes() != null) {
            volumes.addAll(c.volumes());
        }
        stopSignal = c.stopSignal();
        labels.putAll(c.labelsOrEmpty());
        healthcheck = c.healthcheck();
        shell = c.shell();
    }

    String imageId() {
        return image == null ? "" : image.id();
    }

    String envValue(String key) {
        for (String[] e : env) {
            if (e[0].equals(key)) {
                return e[1];
            }
        }
        return null;
    }

    void setEnv(String key, String value) {
        for (String[] e : env) {
            if (e[0].equals(key)) {
                e[1] = value;
                return;
            }
        }
        env.add(new String[] {key, value});
    }

    List<String> envList() {
        List<String> out = new ArrayList<>();
        for (String[] e : env) {
            out.add(e[0] + "=" + e[1]);
        }
        return out;
    }

    /** The shell for shell-form instructions ({@code SHELL}, or /bin/sh -c). */
    List<String> shellOrDefault() {
        return shell == null || shell.isEmpty() ? List.of("/bin/sh", "-c") : shell;
    }

    /** Declared build args that have a value and are not shadowed by ENV, as RUN sees them. */
    Map<String, String> effectiveArgs() {
        Map<String, String> out = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (v != null && envValue(k) == null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** What variable substitution sees: the env, then the declared args that ENV does not shadow. */
    Map<String, String> substitutionEnv() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String[] e : env) {
            m.put(e[0], e[1]);
        }
        effectiveArgs().forEach(m::putIfAbsent);
        return m;
    }

    ImageConfig toConfig() {
        return new ImageConfig(user, envList(), cmd, entrypoint, workdir, exposed.isEmpty() ? null
                : List.copyOf(exposed), volumes.isEmpty() ? null : List.copyOf(volumes), stopSignal,
                labels.isEmpty() ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels)),
                healthcheck, onBuild.isEmpty() ? null : List.copyOf(onBuild), shell);
    }
}
