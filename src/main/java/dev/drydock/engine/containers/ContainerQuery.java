package dev.drydock.engine.containers;

import dev.drydock.engine.EngineException;
import dev.drydock.engine.Filters;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.net.PublishedPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code GET /containers/json}: which containers a list shows, by Docker's rules for all/limit/filters. */
public final class ContainerQuery {
    private static final Set<String> KEYS = Set.of("id", "name", "label", "status", "exited", "ancestor", "before",
            "since", "network", "volume", "publish", "expose", "health", "is-task");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");
    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

    private ContainerQuery() {
    }

    /**
     * The containers to list, newest first.
     *
     * @param all   include stopped ones
     * @param limit show only the last {@code limit} created (of any state) when positive
     */
    public static List<Container> select(ContainerService service, boolean all, int limit, Filters filters) {
        filters.validate(KEYS);
        for (String s : filters.get("status")) {
            if (!STATUSES.contains(s)) {
                throw EngineException.badRequest("invalid filter 'status=" + s + "'");
            }
        }
        for (String h : filters.get("health")) {
            if (!HEALTH.contains(h)) {
                throw EngineException.badRequest("Unrecognised filter value for health: " + h);
            }
        }
        List<Integer> exited = new ArrayList<>();
        for (String e : filters.get("exited")) {
            try {
                exited.add(Integer.parseInt(e));
            } catch (NumberFormatException ex) {
                throw EngineException.badRequest("invalid filter 'exited=" + e + "'");
            }
        }
        List<Pattern> names = new ArrayList<>();
        for (String n : filters.get("name")) {
            try {
                names.add(Pattern.compile(n));
            } catch (PatternSyntaxException ex) {
                throw EngineException.badRequest("error parsing regexp: " + ex.getDescription() + ": `" + n + "`");
            }
        }
        Boolean isTask = filters.contains("is-task") ? filters.booleanValue("is-task") : null;
        long beforeSeq = Long.MAX_VALUE;
        long sinceSeq = Long.MIN_VALUE;
        for (String b : filters.get("before")) {
            beforeSeq = Math.min(beforeSeq, service.get(b).sequence());
        }
        for (String s : filters.get("since")) {
            sinceSeq = Math.max(sinceSeq, service.get(s).sequence());
        }
        // Docker: status filters, exited, before/since and limit all imply stopped containers are wanted.
        boolean showAll = all || limit > 0 || filters.contains("status") || filters.contains("exited")
                || filters.contains("before") || filters.contains("since");
        List<ImageInfo> ancestors = ancestors(service, filters);
        // Looked up once: the loop runs for every container.
        boolean showDead = filters.get("status").contains("dead");
        Set<String> health = filters.get("health");
        boolean byId = filters.contains("id");
        boolean byStatus = filters.contains("status");
        boolean byLabel = filters.contains("label");
        boolean byRelations = filters.contains("ancestor") || filters.contains("network") || filters.contains("volume")
                || filters.contains("publish") || filters.contains("expose");
        List<Container> out = new ArrayList<>();
        for (Container c : service.all()) {
            ContainerStatus st = c.status();
            if (st == ContainerStatus.DEAD && !showDead) {
                continue;
            }
            if (!showAll && !(st.hasProcess() || st == ContainerStatus.RESTARTING)) {
                continue;
            }
            if (c.sequence() >= beforeSeq || c.sequence() <= sinceSeq) {
                continue;
            }
            if (byId && !filters.fuzzyMatch("id", c.id())) {
                continue;
            }
            if (!names.isEmpty() && names.stream().noneMatch(p -> p.matcher(c.name()).find())) {
                continue;
            }
            if (byStatus && !filters.exactMatch("status", st.wire())) {
                continue;
            }
            if (!exited.isEmpty() && (st != ContainerStatus.EXITED || !exited.contains(c.exitCode()))) {
                continue;
            }
            if (byLabel && !filters.matchKeyValues("label", c.labels())) {
                continue;
            }
            if (!health.isEmpty() && !health.contains(c.healthStatus())) {
                continue;
            }
            if (isTask != null && isTask) {
                continue;
            }
            if (byRelations && (!matchAncestor(filters, c, ancestors, service.imageLookup())
                    || !matchNetwork(filters, c, service.networks()) || !matchVolume(filters, c)
                    || !matchPorts(filters, "publish", c, true, service.networks())
                    || !matchPorts(filters, "expose", c, false, service.networks()))) {
                continue;
            }
            out.add(c);
            if (limit > 0 && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** Docker's ancestor filter: the image given by name, tag, ID or ID prefix, or any image built on it. */
    private static boolean matchAncestor(Filters f, Container c, List<ImageInfo> ancestors, ImageLookup lookup) {
        if (!f.contains("ancestor")) {
            return true;
        }
        for (String a : f.get("ancestor")) {
            if (a.equals(c.imageRef()) || ImageRefs.familiar(a).equals(ImageRefs.familiar(c.imageRef()))) {
                return true;
            }
        }
        if (c.image() == null) {
            return false;
        }
        for (ImageInfo a : ancestors) {
            if (lookup.isAncestor(a.id(), c.image().id())) {
                return true;
            }
        }
        return false;
    }

    /** The images the ancestor filter names, resolved once per listing; unknown ones match nothing. */
    private static List<ImageInfo> ancestors(ContainerService service, Filters f) {
        List<ImageInfo> out = new ArrayList<>();
        for (String a : f.get("ancestor")) {
            try {
                service.imageLookup().find(a).ifPresent(out::add);
            } catch (EngineException e) {
                // A malformed reference names no image: Docker lists nothing for it.
            }
        }
        return out;
    }

    private static boolean matchNetwork(Filters f, Container c, NetworkService net) {
        if (!f.contains("network")) {
            return true;
        }
        for (String n : f.get("network")) {
            for (NetworkService.Attachment a : net.attachments(c.id())) {
                if (n.equals(a.network().name()) || a.network().id().startsWith(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchVolume(Filters f, Container c) {
        if (!f.contains("volume")) {
            return true;
        }
        for (String v : f.get("volume")) {
            for (var mp : c.mounts().mountPoints()) {
                if (v.equals(mp.name()) || v.equals(mp.destination()) || v.equals(mp.source())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchPorts(Filters f, String key, Container c, boolean published, NetworkService net) {
        if (!f.contains(key)) {
            return true;
        }
        for (String spec : f.get(key)) {
            String port = spec.contains("/") ? spec : spec + "/tcp";
            if (published) {
                for (PublishedPort p : net.published(c.id())) {
                    if ((p.containerPort() + "/" + p.proto()).equals(port) || (p.hostPort() + "/" + p.proto())
                            .equals(port)) {
                        return true;
                    }
                }
            } else if (c.config().path("ExposedPorts").has(port)) {
                return true;
            }
        }
        return false;
    }
}
