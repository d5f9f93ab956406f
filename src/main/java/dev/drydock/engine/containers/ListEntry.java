package dev.drydock.engine.containers;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.networks.NetworkService;
import dev.drydock.net.PublishedPort;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A container's {@code GET /containers/json} entry kept as rendered JSON, with the state it was rendered from.
 *
 * <p>Rendering the summary maps and serializing them cost ~20 µs a container, so a list of 10,000 took hundreds
 * of milliseconds. Everything in an entry but {@code Status} (time-dependent) and the size fields (asked per
 * request) follows from the container's mutable state (name, status, created, sandbox, host config), its
 * network attachments (immutable records, replaced on change), its published ports (a list replaced on change)
 * and whether it runs isolated on internal networks only: an entry is reused while all of those are the very
 * same and the API version is the same; otherwise the list renders it again through
 * {@link ContainerViews#summary}, the one definition of the shape.
 */
final class ListEntry {
    /** Serializes as the HTTP layer's mapper does (plain maps, lists, strings, numbers, booleans, nulls). */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    private static final byte[] STATUS = ",\"Status\":\"".getBytes(StandardCharsets.US_ASCII);

    private final String apiVersion;
    private final String name;
    private final Instant created;
    private final ContainerStatus status;
    private final String sandboxId;
    private final ObjectNode hostConfig;
    private final boolean running;
    private final boolean isolated;
    private final List<PublishedPort> published;
    private final List<NetworkService.Attachment> attachments;
    /** The health the entry shows (only from API 1.52, else empty): it changes without any other state changing. */
    private final String health;
    /** The fields before the size fields (Id .. Ports), between them and Status (Labels, State), and after it. */
    private byte[] head;
    private byte[] middle;
    private byte[] tail;

    private ListEntry(Container c, NetworkService net, String apiVersion, boolean listsHealth) {
        this.apiVersion = apiVersion;
        this.name = c.name();
        this.created = c.created();
        this.status = c.status();
        this.sandboxId = c.sandboxId();
        this.hostConfig = c.hostConfig();
        this.running = net.running(c.id());
        this.isolated = net.isolated(c.id());
        this.published = net.published(c.id());
        this.attachments = net.attachments(c.id());
        this.health = ContainerShapes.summaryHealthKey(c, listsHealth);
    }

    /**
     * The JSON array of the containers' list entries with its newline, as one exactly sized array: each entry
     * from its cached rendering when still current, else a fresh one (kept for the next list when the container
     * did not change while it was rendered).
     */
    static byte[] list(List<Container> containers, boolean size, Instant now, NetworkService net,
                       String apiVersion) {
        int n = containers.size();
        ListEntry[] entries = new ListEntry[n];
        byte[][] statuses = new byte[n][];
        byte[][] sizes = size ? new byte[n][] : null;
        long total = 3 + Math.max(0, n - 1);
        boolean listsHealth = ContainerShapes.listsHealth(apiVersion);
        for (int i = 0; i < n; i++) {
            Container c = containers.get(i);
            ListEntry e = current(c, now, net, apiVersion, listsHealth);
            entries[i] = e;
            statuses[i] = JsonStringEncoder.getInstance().quoteAsUTF8(StatusText.of(c, now));
            total += 2 + e.head.length + 1 + e.middle.length + STATUS.length + statuses[i].length + 2 + e.tail.length;
            if (size) {
                sizes[i] = sizeFields(c);
                total += sizes[i].length;
            }
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("container list too large: " + total + " bytes");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        out[at++] = '[';
        for (int i = 0; i < n; i++) {
            ListEntry e = entries[i];
            if (i > 0) {
                out[at++] = ',';
            }
            out[at++] = '{';
            at = put(out, at, e.head);
            if (size) {
                at = put(out, at, sizes[i]);
            }
            out[at++] = ',';
            at = put(out, at, e.middle);
            at = put(out, at, STATUS);
            at = put(out, at, statuses[i]);
            out[at++] = '"';
            out[at++] = ',';
            at = put(out, at, e.tail);
            out[at++] = '}';
        }
        out[at++] = ']';
        out[at] = '\n';
        return out;
    }

    private static ListEntry current(Container c, Instant now, NetworkService net, String apiVersion,
                                     boolean listsHealth) {
        ListEntry e = c.listEntry();
        ListEntry current = new ListEntry(c, net, apiVersion, listsHealth);
        if (e != null && e.sameState(current)) {
            return e;
        }
        current.render(ContainerViews.summary(c, false, now, net, apiVersion));
        if (current.sameState(new ListEntry(c, net, apiVersion, listsHealth))) {
            c.listEntry(current);
        }
        return current;
    }

    /** {@code ,"SizeRw":n} (only when positive, as the daemon omits it) and {@code ,"SizeRootFs":n}. */
    private static byte[] sizeFields(Container c) {
        long rw = ContainerViews.sizeRw(c);
        long rootFs = rw + (c.image() == null ? 0 : c.image().size());
        String s = (rw > 0 ? ",\"SizeRw\":" + rw : "") + ",\"SizeRootFs\":" + rootFs;
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    /** Whether both were taken from the same state: the same objects (all immutable or replaced on change). */
    private boolean sameState(ListEntry o) {
        if (!Objects.equals(apiVersion, o.apiVersion) || !name.equals(o.name) || status != o.status
                || !created.equals(o.created) || !sandboxId.equals(o.sandboxId) || hostConfig != o.hostConfig
                || running != o.running || isolated != o.isolated
                || published != o.published || attachments.size() != o.attachments.size()
                || !health.equals(o.health)) {
            return false;
        }
        for (int i = 0; i < attachments.size(); i++) {
            NetworkService.Attachment a = attachments.get(i);
            NetworkService.Attachment b = o.attachments.get(i);
            if (a.network() != b.network() || a.config() != b.config() || a.endpoint() != b.endpoint()) {
                return false;
            }
        }
        return true;
    }

    /** Splits the summary (rendered without size) around the size fields and Status, each part without braces. */
    private void render(Map<String, Object> summary) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> between = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        Map<String, Object> part = before;
        for (Map.Entry<String, Object> f : summary.entrySet()) {
            switch (f.getKey()) {
                case "Labels" -> part = between;
                case "Status" -> {
                    part = after;
                    continue;
                }
                default -> {
                }
            }
            part.put(f.getKey(), f.getValue());
        }
        head = inner(before);
        middle = inner(between);
        tail = inner(after);
    }

    private static byte[] inner(Map<String, Object> fields) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(fields);
            return Arrays.copyOfRange(json, 1, json.length - 1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
