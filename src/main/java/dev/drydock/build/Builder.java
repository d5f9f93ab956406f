package dev.drydock.build;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Image;
import dev.drydock.engine.ImageService;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.Layer;
import dev.drydock.fs.LayerTar;
import dev.drydock.fs.OverlayFsView;
import dev.drydock.fs.Paths;
import dev.drydock.registry.Reference;
import dev.drydock.registry.Registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One run of the classic builder: dispatches every step of a {@link BuildPlan} and writes its output. */
final class Builder {
    /** Build args every Dockerfile may use without declaring them (and which are never reported unused). */
    static final Set<String> BUILTIN_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Engine engine;
    private final ImageService images;
    private final BuildCache cache;
    private final BuildOptions opts;
    private final BuildContext context;
    private final BuildOutput out;
    private final BuildPlan plan;
    private final WordExpander expander;
    private final Set<String> referenced = new HashSet<>();
    private final Map<String, String> metaArgs = new LinkedHashMap<>();
    private final List<Image> stageImages = new ArrayList<>();
    private final Map<String, Image> stagesByName = new LinkedHashMap<>();
    private final CacheSources cacheFrom;
    private int step = 1;

    Builder(Engine engine, BuildCache cache, BuildOptions opts, BuildContext context, BuildPlan plan,
            BuildOutput out) {
        this.engine = engine;
        this.images = engine.images();
        this.cache = cache;
        this.opts = opts;
        this.context = context;
        this.plan = plan;
        this.out = out;
        this.expander = new WordExpander(plan.escape());
        this.cacheFrom = opts.cacheFrom().isEmpty() ? null : new CacheSources(images, opts.cacheFrom());
    }

    /** Runs every stage; returns the final image. */
    Image run() {
        int total = plan.totalSteps();
        for (Instruction meta : plan.metaArgs()) {
            printStep(total, meta.original());
            declareArgs(meta, metaArgs, metaArgs, true);
        }
        StageState state = null;
        for (BuildPlan.Stage stage : plan.stages()) {
            printStep(total, stage.from().original());
            state = beginStage(stage);
            out.stream(" ---> " + shortId(state.imageId()) + "\n");
            for (Instruction in : stage.commands()) {
                printStep(total, in.original());
                dispatch(state, in);
                out.stream(" ---> " + shortId(state.imageId()) + "\n");
            }
            if (state.image != null) {
                out.auxId(state.image.id());
            }
            stageImages.add(state.image);
            if (stage.name() != null) {
                stagesByName.put(stage.name(), state.image);
            }
        }
        List<String> unused = new ArrayList<>();
        for (String k : new TreeSet<>(opts.buildArgs().keySet())) {
            if (!referenced.contains(k) && !BUILTIN_ARGS.contains(k)) {
                unused.add(k);
            }
        }
        if (!unused.isEmpty()) {
            out.stream("[Warning] One or more build-args " + GoFormat.plainList(unused) + " were not consumed\n");
        }
        if (state == null || state.image == null) {
            throw new BuildFailure("No image was generated. Is your Dockerfile empty?");
        }
        return state.image;
    }

    private void printStep(int total, String text) {
        out.stream("Step " + step++ + "/" + total + " : " + text);
        out.stream("\n");
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    // ---- FROM ------------------------------------------------------------------------------------------------

    private StageState beginStage(BuildPlan.Stage stage) {
        Map<String, String> env = new LinkedHashMap<>(metaArgs);
        String name = expand(stage.from().args().get(0), env);
        if (name.isEmpty()) {
            throw new BuildFailure("base name (" + stage.from().args().get(0) + ") should not be blank");
        }
        Image base = name.equalsIgnoreCase("scratch") ? null : baseImage(name, stage.from().flags().get("platform"));
        StageState state = new StageState(stage.name(), base);
        List<String> triggers = base == null || base.config().onBuild() == null ? List.of() : base.config().onBuild();
        if (!triggers.isEmpty()) {
            out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s"));
            out.stream("\n");
            for (String t : triggers) {
                Instruction in;
                try {
                    in = DockerfileParser.parseInstruction(t, stage.from().line(), plan.escape());
                } catch (DockerfileException e) {
                    throw new BuildFailure(e.getMessage());
                }
                dispatch(state, in);
            }
        }
        return state;
    }

    private Image baseImage(String name, String platform) {
        Image stageImage = stagesByName.get(name.toLowerCase(Locale.ROOT));
        if (stageImage != null) {
            return stageImage;
        }
        return imageOrPull(name, platform, opts.pull(), "");
    }

    /** A local image, pulled (with progress in the stream) when absent or when {@code pull} is asked. */
    private Image imageOrPull(String name, String platform, boolean forcePull, String errorPrefix) {
        Image local;
        try {
            local = images.find(name);
        } catch (EngineException e) {
            throw new BuildFailure(errorPrefix + e.getMessage());
        }
        if (local != null && (!forcePull || Reference.fullId(name) != null)) {
            return local;
        }
        List<ImageService.PullPlan> plans;
        try {
            Reference ref = Reference.parse(name).withDefaultTag();
            plans = images.planPull(ref.familiarString(), null, platform, opts.authFor(Registry.registryHost(ref)));
        } catch (EngineException | IllegalArgumentException e) {
            // With pull asked, the classic builder fails on a refused pull even when the image is present locally.
            throw new BuildFailure(errorPrefix + e.getMessage());
        }
        ImageService.PullPlan p = plans.get(0);
        Reference ref = p.ref();
        out.status("Pulling from " + ref.remotePath(), ref.tag());
        if (!p.upToDate()) {
            List<Layer> layers = p.remote().layers();
            for (int i = 0; i < layers.size(); i++) {
                String id = shortId(layers.get(i).diffId());
                out.progress(p.layerPresent().get(i) ? "Already exists" : "Pulling fs layer", id);
            }
            for (int i = 0; i < layers.size(); i++) {
                if (!p.layerPresent().get(i)) {
                    out.progress("Pull complete", shortId(layers.get(i).diffId()));
                }
            }
        }
        Image img = images.completePull(p);
        out.status("Digest: " + p.remote().manifestDigest(), null);
        out.status((p.upToDate() ? "Status: Image is up to date for " : "Status: Downloaded newer image for ")
                + ref.familiarString(), null);
        return img;
    }

    // ---- dispatch --------------------------------------------------------------------------------------------

    private void dispatch(StageState s, Instruction in) {
        switch (in.keyword()) {
            case "ENV" -> env(s, in);
            case "LABEL" -> label(s, in);
            case "ARG" -> {
                declareArgs(in, s.args, s.substitutionEnv(), false);
                StringBuilder c = new StringBuilder("ARG");
                for (String w : in.args()) {
                    int eq = w.indexOf('=');
                    c.append(' ').append(eq < 0 ? w : w.substring(0, eq) + "="
                            + expand(w.substring(eq + 1), s.substitutionEnv()));
                }
                commitNop(s, c.toString());
            }
            case "EXPOSE" -> expose(s, in);
            case "USER" -> {
                s.user = expand(in.arg(), s.substitutionEnv());
                commitNop(s, "USER " + s.user);
            }
            case "VOLUME" -> volume(s, in);
            case "STOPSIGNAL" -> {
                s.stopSignal = expand(in.arg(), s.substitutionEnv());
                commitNop(s, "STOPSIGNAL " + s.stopSignal);
            }
            case "WORKDIR" -> workdir(s, in);
            case "CMD" -> {
                s.cmd = commandLine(s, in);
                s.cmdSet = true;
                commitNop(s, "CMD " + GoFormat.quotedList(s.cmd));
            }
            case "ENTRYPOINT" -> {
                s.entrypoint = in.json() || !in.args().isEmpty() ? commandLine(s, in) : null;
                if (!s.cmdSet) {
                    s.cmd = null;
                }
                commitNop(s, "ENTRYPOINT " + GoFormat.quotedList(s.entrypoint == null ? List.of() : s.entrypoint));
            }
            case "SHELL" -> {
                s.shell = List.copyOf(in.args());
                commitNop(s, "SHELL " + GoFormat.plainList(s.shell));
            }
            case "MAINTAINER" -> {
                s.author = in.arg();
                commitNop(s, "MAINTAINER " + s.author);
            }
            case "ONBUILD" -> {
                String trigger = in.arg().strip();
                s.onBuild.add(trigger);
                commitNop(s, "ONBUILD " + trigger);
            }
            case "HEALTHCHECK" -> healthcheck(s, in);
            case "RUN" -> new RunStep(engine, this, s, in).run();
            case "COPY", "ADD" -> new CopyStep(this, s, in).run();
            default -> throw new BuildFailure("unknown instruction: " + in.keyword());
        }
    }

    private List<String> commandLine(StageState s, Instruction in) {
        if (in.json()) {
            return List.copyOf(in.args());
        }
        List<String> cmd = new ArrayList<>(s.shellOrDefault());
        cmd.add(in.arg());
        return cmd;
    }

    String expand(String word, Map<String, String> env) {
        try {
            return expander.expand(word, env);
        } catch (DockerfileException e) {
            throw new BuildFailure(e.getMessage());
        }
    }

    List<String> expandWords(String text, Map<String, String> env) {
        try {
            return expander.expandWords(text, env);
        } catch (DockerfileException e) {
            throw new BuildFailure(e.getMessage());
        }
    }

    private void declareArgs(Instruction in, Map<String, String> into, Map<String, String> expansionEnv,
                             boolean meta) {
        for (String w : in.args()) {
            int eq = w.indexOf('=');
            String key = eq < 0 ? w : w.substring(0, eq);
            Map<String, String> env = new LinkedHashMap<>(expansionEnv);
            String dflt = eq < 0 ? null : expand(w.substring(eq + 1), env);
            referenced.add(key);
            String value;
            if (opts.buildArgs().containsKey(key) && opts.buildArgs().get(key) != null) {
                value = opts.buildArgs().get(key);
            } else if (dflt != null) {
                value = dflt;
            } else {
                value = meta ? null : metaArgs.get(key);
            }
            into.put(key, value);
        }
    }

    private void env(StageState s, Instruction in) {
        Map<String, String> env = s.substitutionEnv();
        StringBuilder c = new StringBuilder("ENV");
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < in.args().size(); i += 2) {
            pairs.add(new String[] {expand(in.args().get(i), env), expand(in.args().get(i + 1), env)});
        }
        for (String[] p : pairs) {
            s.setEnv(p[0], p[1]);
            c.append(' ').append(p[0]).append('=').append(p[1]);
        }
        commitNop(s, c.toString());
    }

    private void label(StageState s, Instruction in) {
        Map<String, String> env = s.substitutionEnv();
        StringBuilder c = new StringBuilder("LABEL");
        for (int i = 0; i + 1 < in.args().size(); i += 2) {
            boolean raw = in.line() == 0;
            String k = raw ? in.args().get(i) : expand(in.args().get(i), env);
            String v = raw ? in.args().get(i + 1) : expand(in.args().get(i + 1), env);
            s.labels.put(k, v);
            c.append(' ').append(k).append('=').append(v);
        }
        commitNop(s, c.toString());
    }

    private void expose(StageState s, Instruction in) {
        TreeSet<String> ports = new TreeSet<>();
        Map<String, String> env = s.substitutionEnv();
        for (String w : in.args()) {
            for (String p : expandWords(w, env)) {
                ports.addAll(portSpecs(p));
            }
        }
        s.exposed.addAll(ports);
        commitNop(s, "EXPOSE " + String.join(" ", ports));
    }

    static List<String> portSpecs(String spec) {
        String proto = "tcp";
        String port = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            port = spec.substring(0, slash);
        }
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            port = port.substring(colon + 1);
        }
        List<String> out = new ArrayList<>();
        try {
            int dash = port.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(port.substring(dash + 1));
            if (!Set.of("tcp", "udp", "sctp").contains(proto)) {
                throw new BuildFailure("Invalid proto: " + proto);
            }
            if (lo < 0 || hi > 65535 || hi < lo) {
                throw new NumberFormatException();
            }
            for (int p = lo; p <= hi; p++) {
                out.add(p + "/" + proto);
            }
        } catch (NumberFormatException e) {
            throw new BuildFailure("invalid containerPort: " + port);
        }
        return out;
    }

    private void volume(StageState s, Instruction in) {
        List<String> vols = new ArrayList<>();
        Map<String, String> env = s.substitutionEnv();
        for (String w : in.args()) {
            List<String> words = in.json() ? List.of(expand(w, env)) : expandWords(w, env);
            for (String v : words) {
                if (v.isBlank()) {
                    throw new BuildFailure("VOLUME specified can not be an empty string");
                }
                vols.add(v);
            }
        }
        s.volumes.addAll(vols);
        commitNop(s, "VOLUME " + GoFormat.plainList(vols));
    }

    private void workdir(StageState s, Instruction in) {
        String dir = expand(in.arg(), s.substitutionEnv());
        String current = s.workdir == null || s.workdir.isEmpty() ? "/" : s.workdir;
        s.workdir = Paths.resolve(current, dir);
        String createdBy = shellPrefix(s) + "#(nop) WORKDIR " + s.workdir;
        List<String> cmd = new ArrayList<>(s.shellOrDefault());
        cmd.add("#(nop) WORKDIR " + s.workdir);
        commit(s, createdBy, cmd, view -> TreeCopy.mkdirs(view, s.workdir));
    }

    private void healthcheck(StageState s, Instruction in) {
        if (in.arg().equals("NONE")) {
            Map<String, Object> hc = new LinkedHashMap<>();
            hc.put("Test", List.of("NONE"));
            s.healthcheck = hc;
            commitNop(s, "HEALTHCHECK &{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}");
            return;
        }
        List<String> test = new ArrayList<>();
        if (in.json()) {
            test.add("CMD");
            test.addAll(in.args().subList(1, in.args().size()));
        } else {
            test.add("CMD-SHELL");
            test.add(in.args().get(1));
        }
        long interval = duration(in, "interval");
        long timeout = duration(in, "timeout");
        long startPeriod = duration(in, "start-period");
        long startInterval = duration(in, "start-interval");
        int retries = 0;
        if (in.flags().containsKey("retries")) {
            try {
                retries = Integer.parseInt(in.flags().get("retries"));
            } catch (NumberFormatException e) {
                throw new BuildFailure("strconv.ParseInt: parsing \"" + in.flags().get("retries")
                        + "\": invalid syntax");
            }
            if (retries < 0) {
                throw new BuildFailure("--retries cannot be negative (" + retries + ")");
            }
        }
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("Test", test);
        if (interval != 0) {
            hc.put("Interval", interval);
        }
        if (timeout != 0) {
            hc.put("Timeout", timeout);
        }
        if (startPeriod != 0) {
            hc.put("StartPeriod", startPeriod);
        }
        if (startInterval != 0) {
            hc.put("StartInterval", startInterval);
        }
        if (retries != 0) {
            hc.put("Retries", retries);
        }
        s.healthcheck = hc;
        commitNop(s, "HEALTHCHECK &{" + GoFormat.quotedList(test) + " " + GoFormat.quote(GoFormat.duration(interval))
                + " " + GoFormat.quote(GoFormat.duration(timeout)) + " "
                + GoFormat.quote(GoFormat.duration(startPeriod)) + " "
                + GoFormat.quote(GoFormat.duration(startInterval)) + " " + GoFormat.quoteRune(retries) + "}");
    }

    private static long duration(Instruction in, String flag) {
        String v = in.flags().get(flag);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        long n;
        try {
            n = GoFormat.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new BuildFailure(e.getMessage());
        }
        if (n != 0 && n < 1_000_000) {
            throw new BuildFailure("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return n;
    }

    // ---- commits ---------------------------------------------------------------------------------------------

    /** {@code /bin/sh -c } (the stage's SHELL) that prefixes every {@code #(nop)} history line. */
    static String shellPrefix(StageState s) {
        return String.join(" ", s.shellOrDefault()) + " ";
    }

    /** A config-only step: {@code <shell> #(nop)  INSTRUCTION}. */
    void commitNop(StageState s, String comment) {
        List<String> cmd = new ArrayList<>(s.shellOrDefault());
        cmd.add("#(nop) ");
        cmd.add(comment);
        commit(s, shellPrefix(s) + "#(nop)  " + comment, cmd, null);
    }

    /** Changes a step makes to the stage's filesystem. */
    @FunctionalInterface
    interface FsChange {
        void apply(FsView view) throws FsException;
    }

    /**
     * Commits a step: a cached image when one matches, otherwise a new image from the change (none for a
     * config-only step). Like the daemon, a step that is not cached gets an intermediate container (created, never
     * started) whose command is {@code containerCmd}.
     */
    void commit(StageState s, String createdBy, List<String> containerCmd, FsChange change) {
        String key = cacheKey(s, createdBy);
        if (probeCache(s, key, createdBy)) {
            return;
        }
        IntermediateContainer ctr = IntermediateContainer.create(engine, opts, s, containerCmd, s.envList());
        out.stream(" ---> Running in " + ctr.shortId() + "\n");
        Layer layer = null;
        if (change != null) {
            // Made in the step's container, as the daemon does: a kept container's diff shows it (WORKDIR's A /dir).
            try {
                change.apply(engine.containers().files(ctr.container()));
            } catch (FsException e) {
                throw new BuildFailure(e.getMessage());
            }
            layer = layerOf(ctr.upper());
        }
        finishCommit(s, key, createdBy, layer);
        if (opts.rm()) {
            out.stream("Removing intermediate container " + ctr.shortId() + "\n");
            ctr.remove();
        }
    }

    String cacheKey(StageState s, String createdBy) {
        return s.imageId() + "\n" + createdBy + "\n" + s.author + "\n"
                + new String(BuildOutput.line(s.toConfig().toJson()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * True (and the stage moved on) when the step is cached: in the step cache, or with {@code cachefrom} only
     * through the listed images, as the daemon's image cache does.
     */
    boolean probeCache(StageState s, String key, String createdBy) {
        if (opts.noCache()) {
            return false;
        }
        Image hit = cacheFrom == null ? cache.lookup(key) : cacheFrom.lookup(s.image, createdBy, s.toConfig(),
                cache.lookup(key));
        if (hit == null) {
            return false;
        }
        out.stream(" ---> Using cache\n");
        s.image = hit;
        return true;
    }

    /** Runs a change in a fresh upper directory over the stage's image; its tree becomes the step's layer. */
    Layer applyChange(StageState s, FsChange change) {
        out.flush();
        Path upper = newScratch();
        try {
            change.apply(stageView(s, upper));
            return layerOf(upper);
        } catch (FsException e) {
            throw new BuildFailure(e.getMessage());
        } finally {
            discard(upper);
        }
    }

    Path newScratch() {
        try {
            Path dir = images.layers().newScratchDir("build-");
            // The upper's top is the stage's "/" in the overlay view: a root-owned 0755 directory.
            dev.drydock.fs.Ownership.set(dir, 0755, 0, 0);
            return dir;
        } catch (IOException e) {
            throw new BuildFailure(e.getMessage());
        }
    }

    /** The stage's filesystem: the upper over the image's layers, answered from the store's layer indexes. */
    FsView stageView(StageState s, Path upper) {
        return new OverlayFsView(upper, s.image == null ? List.of() : s.image.layerRootsTopFirst(),
                images.layers()::index);
    }

    /** The layer of an upper directory, or null when the step changed nothing (an empty layer). */
    Layer layerOf(Path upper) {
        try (var list = Files.list(upper)) {
            if (list.findAny().isEmpty()) {
                return null;
            }
        } catch (IOException e) {
            throw new BuildFailure(e.getMessage());
        }
        return images.layerFromDirectory(upper);
    }

    static void discard(Path dir) {
        try {
            LayerTar.deleteTree(dir);
        } catch (IOException ignored) {
            // Scratch space: unreachable either way.
        }
    }

    void finishCommit(StageState s, String key, String createdBy, Layer layer) {
        Image img = images.createImage(s.image, layer, s.toConfig(), s.author, null, createdBy, layer == null, null);
        cache.put(key, img, s.imageId(), createdBy, layer == null ? 0 : layer.size());
        s.image = img;
    }

    // ---- for the steps ---------------------------------------------------------------------------------------

    BuildOutput out() {
        return out;
    }

    BuildOptions options() {
        return opts;
    }

    BuildContext context() {
        return context;
    }

    Map<String, String> sourceHashes() {
        return cache.sourceHashes();
    }

    Engine engine() {
        return engine;
    }

    /** The image a {@code --from} names: a stage by name or index, else an image (pulled when absent). */
    Image fromImage(String from) {
        Image named = stagesByName.get(from.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (from.matches("\\d+")) {
            int ix = Integer.parseInt(from);
            if (ix < stageImages.size()) {
                return stageImages.get(ix);
            }
            throw new BuildFailure("invalid from flag value " + from + ": refers to current build stage");
        }
        return imageOrPull(from, null, false, "invalid from flag value " + from + ": ");
    }
}
