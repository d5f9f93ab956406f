package dev.drydock.api;

import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineException;
import dev.drydock.engine.Filters;
import dev.drydock.engine.Image;
import dev.drydock.engine.ImageArchive;
import dev.drydock.engine.ImageService;
import dev.drydock.fs.Layer;
import dev.drydock.registry.AuthConfig;
import dev.drydock.registry.Reference;
import dev.drydock.registry.RemoteImage;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code /images} routes: pull, import, list, inspect, history, tag, remove, prune, search, push, save, load. */
public final class ImagesApi implements ApiResource {
    private final Engine engine;
    private final ImageService images;
    private final StreamExecutor streams;

    public ImagesApi(Engine engine, StreamExecutor streams) {
        this.engine = engine;
        this.images = engine.images();
        this.streams = streams;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/images/create", this::create)
                .get("/images/json", this::list)
                .get("/images/search", this::search)
                .post("/images/prune", this::prune)
                .get("/images/get", this::saveMany)
                .post("/images/load", this::load)
                .get("/images/<name>/json", this::inspect)
                .get("/images/<name>/history", this::history)
                .get("/images/<name>/get", this::saveOne)
                .post("/images/<name>/tag", this::tag)
                .post("/images/<name>/push", this::push)
                .delete("/images/<name>", this::remove);
    }

    // ---- pull and import ---------------------------------------------------------------------------------

    private void create(Context ctx) throws IOException {
        String fromImage = ctx.queryParam("fromImage");
        String fromSrc = ctx.queryParam("fromSrc");
        if (fromSrc != null && !fromSrc.isEmpty()) {
            importImage(ctx, fromSrc);
            return;
        }
        if (fromImage == null || fromImage.isEmpty()) {
            throw EngineException.badRequest("invalid reference format");
        }
        AuthConfig auth = RegistryAuthHeader.decode(ctx.header("X-Registry-Auth"));
        List<ImageService.PullPlan> plans = images.planPull(fromImage, ctx.queryParam("tag"), ctx.queryParam("platform"), auth);
        Streaming.start(ctx, streams, "application/json", (out, conn) -> {
            boolean anyNew = false;
            Reference first = plans.get(0).ref();
            for (ImageService.PullPlan plan : plans) {
                if (plan.inBandError() != null) {
                    // A registry refusal after the stream began (e.g. rate limiting): dockerd's in-band error.
                    Reference r = plan.ref();
                    write(out, Progress.status("Pulling from " + r.remotePath(), r.tag() != null ? r.tag() : r.digest()));
                    write(out, Progress.error(plan.inBandError()));
                    return;
                }
                anyNew |= writePull(out, plan);
            }
            String shown = plans.size() > 1 ? first.familiarName() : first.familiarString();
            if (plans.size() == 1) {
                write(out, Progress.status("Digest: " + plans.get(0).remote().manifestDigest(), null));
            }
            write(out, Progress.status(anyNew ? "Status: Downloaded newer image for " + shown
                    : "Status: Image is up to date for " + shown, null));
        });
    }

    /** Writes one image's pull progress and stores it; true when it was new. */
    private boolean writePull(OutputStream out, ImageService.PullPlan plan) throws IOException {
        Reference ref = plan.ref();
        write(out, Progress.status("Pulling from " + ref.remotePath(), ref.tag() != null ? ref.tag() : ref.digest()));
        if (plan.upToDate()) {
            images.completePull(plan);
            return false;
        }
        RemoteImage remote = plan.remote();
        List<Layer> layers = remote.layers();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String id = shortDigest(layers.get(i).diffId());
            if (plan.layerPresent().get(i)) {
                write(out, Progress.step("Already exists", id));
            } else {
                write(out, Progress.step("Pulling fs layer", id));
                missing.add(i);
            }
        }
        for (int k = 1; k < missing.size(); k++) {
            write(out, Progress.step("Waiting", shortDigest(layers.get(missing.get(k)).diffId())));
        }
        for (int i : missing) {
            Layer l = layers.get(i);
            String id = shortDigest(l.diffId());
            long total = l.tarSize();
            write(out, Progress.bar("Downloading", id, total / 2, total));
            write(out, Progress.bar("Downloading", id, total, total));
            write(out, Progress.step("Verifying Checksum", id));
            write(out, Progress.step("Download complete", id));
        }
        for (int i : missing) {
            Layer l = layers.get(i);
            String id = shortDigest(l.diffId());
            long total = l.tarSize();
            write(out, Progress.bar("Extracting", id, total / 2, total));
            write(out, Progress.bar("Extracting", id, total, total));
            write(out, Progress.step("Pull complete", id));
        }
        images.completePull(plan);
        return true;
    }

    private void importImage(Context ctx, String fromSrc) throws IOException {
        if (!fromSrc.equals("-")) {
            throw EngineException.internal("Get \"" + fromSrc + "\": dial tcp: lookup " + fromSrc
                    + ": no such host (Drydock imports only from the request body)");
        }
        List<String> changes = new ArrayList<>(ctx.queryParams("changes"));
        String repo = ctx.queryParam("repo");
        Image img = images.importImage(ctx.req().getInputStream(), repo, ctx.queryParam("tag"), changes,
                ctx.queryParam("message"), ctx.queryParam("platform"));
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.result(Json.line(Map.of("status", img.id())));
    }

    // ---- list, inspect, history ----------------------------------------------------------------------------

    private void list(Context ctx) {
        Filters parsed = Filters.parse(ctx.queryParam("filters"));
        Filters filters = parsed;
        String legacyFilter = ctx.queryParam("filter");
        if (legacyFilter != null && !legacyFilter.isEmpty()) {
            Map<String, List<String>> merged = new LinkedHashMap<>();
            Filters given = parsed;
            merged.clear();
            given.keys().forEach(k -> merged.put(k, new ArrayList<>(given.get(k))));
            merged.computeIfAbsent("reference", k -> new ArrayList<>()).add(legacyFilter);
            filters = Filters.of(merged);
        }
        boolean all = Http.boolParam(ctx, "all");
        boolean digests = Http.boolParam(ctx, "digests");
        boolean sharedSize = Http.boolParam(ctx, "shared-size");
        boolean modern = Http.versionAtLeast(ctx, "1.44");
        boolean counts = Http.versionAtLeast(ctx, "1.51");
        List<Map<String, Object>> out = new ArrayList<>();
        List<Image> listed = images.list(filters, all);
        List<Map<String, Object>> summaries = images.summaries(listed, false);
        for (int i = 0; i < listed.size(); i++) {
            Image img = listed.get(i);
            Map<String, Object> s = summaries.get(i);
            if (filters.contains("reference")) {
                // Docker lists only the tags that matched the reference filter.
                Set<String> patterns = filters.get("reference");
                @SuppressWarnings("unchecked")
                List<String> repoTags = (List<String>) s.get("RepoTags");
                s.put("RepoTags", repoTags.stream().filter(t -> ImageService.tagMatches(patterns, t)).toList());
                @SuppressWarnings("unchecked")
                List<String> repoDigests = (List<String>) s.get("RepoDigests");
                s.put("RepoDigests", repoDigests.stream().filter(t -> ImageService.tagMatches(patterns, t)).toList());
            }
            if (counts) {
                s.put("Containers", images.usage().usersOf(img.id()).size());
            }
            if (sharedSize) {
                s.put("SharedSize", images.sharedSize(img));
            }
            if (!modern) {
                if (((List<?>) s.get("RepoDigests")).isEmpty()) {
                    s.put("RepoDigests", null);
                }
                if (((List<?>) s.get("RepoTags")).isEmpty()) {
                    s.put("RepoTags", null);
                }
                if (((Map<?, ?>) s.get("Labels")).isEmpty()) {
                    s.put("Labels", null);
                }
                s.put("VirtualSize", img.size());
            }
            if (!digests && !modern && s.get("RepoDigests") == null) {
                s.put("RepoDigests", null);
            }
            out.add(s);
        }
        Http.json(ctx, out);
    }

    private void inspect(Context ctx) {
        Image img = images.resolve(ctx.pathParam("name"));
        Http.json(ctx, ImageRender.inspect(img, images, Http.apiVersion(ctx)));
    }

    private void history(Context ctx) {
        Image img = images.resolve(ctx.pathParam("name"));
        Http.json(ctx, ImageRender.history(img, images));
    }

    // ---- tag, remove, prune --------------------------------------------------------------------------------

    private void tag(Context ctx) {
        images.tag(ctx.pathParam("name"), ctx.queryParam("repo"), ctx.queryParam("tag"));
        ctx.status(201);
        ctx.result(new byte[0]);
    }

    private void remove(Context ctx) {
        List<Map<String, String>> records = images.remove(ctx.pathParam("name"), Http.boolParam(ctx, "force"),
                Http.boolParam(ctx, "noprune"));
        Http.json(ctx, records);
    }

    private void prune(Context ctx) {
        ImageService.PruneResult r = images.prune(Filters.parse(ctx.queryParam("filters")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ImagesDeleted", r.deleted().isEmpty() ? null : r.deleted());
        body.put("SpaceReclaimed", r.spaceReclaimed());
        Http.json(ctx, body);
    }

    // ---- search --------------------------------------------------------------------------------------------

    private void search(Context ctx) {
        String term = ctx.queryParam("term");
        if (term == null || term.isEmpty()) {
            throw EngineException.badRequest("term is required");
        }
        Filters filters = Filters.parse(ctx.queryParam("filters")).validate(java.util.Set.of("is-automated",
                "is-official", "stars"));
        int limit = Http.intParam(ctx, "limit", 25);
        if (limit < 1 || limit > 100) {
            throw EngineException.badRequest("limit " + limit + " is outside the range of [1, 100]");
        }
        Boolean official = filters.booleanValue("is-official");
        Boolean automated = filters.booleanValue("is-automated");
        int minStars = 0;
        for (String s : filters.get("stars")) {
            try {
                minStars = Math.max(minStars, Integer.parseInt(s));
            } catch (NumberFormatException e) {
                throw EngineException.badRequest("invalid filter 'stars=" + s + "'");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : images.registry().search(term)) {
            if (official != null && official != (Boolean) r.get("is_official")) {
                continue;
            }
            if (Boolean.TRUE.equals(automated)) {
                continue;
            }
            if ((Integer) r.get("star_count") < minStars) {
                continue;
            }
            if (out.size() < limit) {
                out.add(r);
            }
        }
        Http.json(ctx, out);
    }

    // ---- push ----------------------------------------------------------------------------------------------

    private void push(Context ctx) throws IOException {
        AuthConfig auth = RegistryAuthHeader.decode(ctx.header("X-Registry-Auth"));
        List<ImageService.PushPlan> plans = images.planPush(ctx.pathParam("name"), ctx.queryParam("tag"));
        Streaming.start(ctx, streams, "application/json", (out, conn) -> {
            Reference repo = plans.get(0).ref();
            write(out, Progress.status("The push refers to repository [" + repo.repository().name()
                    .replaceFirst("^docker\\.io/", "docker.io/") + "]", null));
            for (ImageService.PushPlan plan : plans) {
                List<Layer> layers = new ArrayList<>(plan.image().layers());
                java.util.Collections.reverse(layers);
                for (Layer l : layers) {
                    write(out, Progress.step("Preparing", shortDigest(l.diffId())));
                }
                if (!images.registry().pushAllowed(auth)) {
                    String msg = repo.domain().equals(Reference.DOCKER_HUB)
                            ? "denied: requested access to the resource is denied"
                            : "unauthorized: authentication required";
                    write(out, Progress.error(msg));
                    return;
                }
                for (Layer l : layers) {
                    String id = shortDigest(l.diffId());
                    if (images.registry().hasLayer(plan.ref(), l)) {
                        write(out, Progress.step("Layer already exists", id));
                    } else {
                        long total = l.tarSize();
                        write(out, Progress.bar("Pushing", id, total / 2, total));
                        write(out, Progress.bar("Pushing", id, total, total));
                        write(out, Progress.step("Pushed", id));
                    }
                }
                RemoteImage remote = images.completePush(plan);
                write(out, Progress.status(plan.ref().tag() + ": digest: " + remote.manifestDigest() + " size: "
                        + remote.manifestSize(), null));
                Map<String, Object> aux = new LinkedHashMap<>();
                aux.put("Tag", plan.ref().tag());
                aux.put("Digest", remote.manifestDigest());
                aux.put("Size", remote.manifestSize());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("progressDetail", Map.of());
                line.put("aux", aux);
                write(out, line);
            }
        });
    }

    // ---- save and load -------------------------------------------------------------------------------------

    private void saveOne(Context ctx) throws IOException {
        save(ctx, List.of(ctx.pathParam("name")));
    }

    private void saveMany(Context ctx) throws IOException {
        List<String> names = new ArrayList<>();
        for (String n : ctx.queryParams("names")) {
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        save(ctx, names);
    }

    private void save(Context ctx, List<String> names) throws IOException {
        ImageArchive.SavePlan plan = engine.imageArchive().plan(names);
        Streaming.start(ctx, streams, "application/x-tar", (out, conn) -> engine.imageArchive().save(plan, out));
    }

    private void load(Context ctx) throws IOException {
        boolean quiet = Http.boolParam(ctx, "quiet");
        List<ImageArchive.Loaded> loaded = engine.imageArchive().load(ctx.req().getInputStream());
        Streaming.start(ctx, streams, "application/json", (out, conn) -> {
            for (ImageArchive.Loaded l : loaded) {
                if (!quiet) {
                    for (Layer layer : l.newLayers()) {
                        long total = layer.tarSize();
                        write(out, Progress.bar("Loading layer", shortDigest(layer.diffId()), total, total));
                    }
                }
                for (String m : l.messages()) {
                    write(out, Map.of("stream", m + "\n"));
                }
            }
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static String shortDigest(String digest) {
        return digest.substring(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
    }

    private static void write(OutputStream out, Object line) throws IOException {
        out.write(Json.line(line));
        out.flush();
    }
}
