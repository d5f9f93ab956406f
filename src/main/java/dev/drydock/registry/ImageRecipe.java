package dev.drydock.registry;

import dev.drydock.fs.TreeSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to make one registry image: its layers (tree specs, lowest first, each with the build step that made
 * it), its container config and its creation time. The registry turns it into a config JSON and a manifest.
 *
 * @param layers  the layer trees, lowest first
 * @param config  the image's container config in Docker's image-config shape (Env, Cmd, ...), only set fields
 * @param created when the image was built
 * @param os      the operating system (linux)
 */
public record ImageRecipe(List<Step> layers, Map<String, Object> config, Instant created, String os) {

    /** One layer and the Dockerfile-like instruction that produced it (shown by {@code docker history}). */
    public record Step(TreeSpec tree, String createdBy) {
    }

    public ImageRecipe {
        layers = List.copyOf(layers);
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A builder for the container config, keeping Docker's field order. */
    public static Config newConfig() {
        return new Config();
    }

    /** Collects Env, Cmd, Entrypoint, ... in the order Docker writes them. */
    public static final class Config {
        private String user;
        private final Map<String, Object> exposed = new TreeMap<>();
        private final List<String> env = new ArrayList<>();
        private List<String> entrypoint;
        private List<String> cmd;
        private final Map<String, Object> volumes = new TreeMap<>();
        private String workingDir;
        private final Map<String, String> labels = new TreeMap<>();
        private String stopSignal;
        private Map<String, Object> healthcheck;

        private Config() {
        }

        public Config user(String u) {
            this.user = u;
            return this;
        }

        public Config expose(String... ports) {
            for (String p : ports) {
                exposed.put(p.contains("/") ? p : p + "/tcp", Map.of());
            }
            return this;
        }

        public Config env(String... vars) {
            env.addAll(List.of(vars));
            return this;
        }

        public Config entrypoint(String... args) {
            this.entrypoint = List.of(args);
            return this;
        }

        public Config cmd(String... args) {
            this.cmd = List.of(args);
            return this;
        }

        public Config volume(String... paths) {
            for (String p : paths) {
                volumes.put(p, Map.of());
            }
            return this;
        }

        public Config workdir(String dir) {
            this.workingDir = dir;
            return this;
        }

        public Config label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Config stopSignal(String signal) {
            this.stopSignal = signal;
            return this;
        }

        public Config healthcheck(List<String> test) {
            this.healthcheck = new LinkedHashMap<>();
            healthcheck.put("Test", test);
            return this;
        }

        /** The config object as the image config JSON holds it. */
        public Map<String, Object> build() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (user != null) {
                m.put("User", user);
            }
            if (!exposed.isEmpty()) {
                m.put("ExposedPorts", exposed);
            }
            if (!env.isEmpty()) {
                m.put("Env", List.copyOf(env));
            }
            if (entrypoint != null) {
                m.put("Entrypoint", entrypoint);
            }
            if (cmd != null) {
                m.put("Cmd", cmd);
            }
            if (!volumes.isEmpty()) {
                m.put("Volumes", volumes);
            }
            if (workingDir != null) {
                m.put("WorkingDir", workingDir);
            }
            if (!labels.isEmpty()) {
                m.put("Labels", labels);
            }
            if (stopSignal != null) {
                m.put("StopSignal", stopSignal);
            }
            if (healthcheck != null) {
                m.put("Healthcheck", healthcheck);
            }
            return m;
        }
    }
}
