package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /images}: list, inspect, history, tag, remove (untag, 404 afterwards, the multiple-repositories conflict),
 * invalid references, and save/load archives, all around {@value #BASE}. Requests carry {@link #commonPrefix()} so
 * both targets answer as the same API version.
 *
 * <p>A real Engine is shared with other users and may have no registry: nothing is pulled there, and the only
 * references removed are the uniquely named tags this contract made ({@value #BASE} itself, and the other images that
 * may share its ID, are never removed). A target without {@value #BASE} gets it through {@link #provideBaseImage()}.
 */
public abstract class ImageContract extends HostContract {
    /** The image every contract here starts from. */
    protected static final String BASE = "busybox:latest";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> tagged = new ArrayList<>();
    private String missingBase;

    /** Makes {@value #BASE} present on the target; by default it must be there already. */
    protected void provideBaseImage() {
    }

    @BeforeAll
    final void ensureBaseImage() {
        if (client == null) {
            return; // The target is unavailable; HostContract reports every test skipped.
        }
        provideBaseImage();
        HostResponse r = client.get(commonPrefix() + "/images/" + BASE + "/json");
        if (r.status() == 404) {
            missingBase = "SKIPPED ImageContract on " + target.name() + ": " + BASE + " is not present there"
                    + " (this contract pulls nothing from a registry on a real Engine; load or pull it first)";
            System.err.println("[contract] " + missingBase);
        }
    }

    @BeforeEach
    final void requireBaseImage() {
        if (missingBase != null) {
            Assumptions.abort(missingBase);
        }
    }

    @AfterEach
    void removeCreatedTags() {
        // By reference only: removing a tag never removes an image that another reference still names.
        for (String ref : tagged) {
            client.delete(commonPrefix() + "/images/" + ref);
        }
        tagged.clear();
    }

    /**
     * Pulls {@code image:tag} and reads the progress stream to its end, checking each line against the spec and
     * that it ends with the Status line a client reports.
     */
    protected void pull(String image, String tag) {
        HostResponse r = client.post(commonPrefix() + "/images/create?fromImage=" + image + "&tag=" + tag, null);
        assertThat(r.status()).as("pull %s:%s: %s", image, tag, r).isEqualTo(200);
        assertThat(mediaType(r.header("Content-Type"))).isEqualTo("application/json");
        List<JsonNode> lines = jsonLines(r);
        assertThat(lines).as("pull progress").isNotEmpty();
        for (JsonNode line : lines) {
            SPEC.assertConforms("POST", "/images/create", 200, "application/json", line);
            assertThat(line.has("error")).as("pull progress line %s", line).isFalse();
        }
        assertThat(lines.get(lines.size() - 1).path("status").asText())
                .as("last pull line")
                .isIn("Status: Downloaded newer image for " + image + ":" + tag,
                        "Status: Image is up to date for " + image + ":" + tag);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static List<JsonNode> jsonLines(HostResponse r) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(MAPPER.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("stream line is not JSON: " + line, e);
            }
        }
        return out;
    }

    private JsonNode inspect(String ref) {
        HostResponse r = client.get(commonPrefix() + "/images/" + ref + "/json");
        assertThat(r.status()).as("inspect %s: %s", ref, r).isEqualTo(200);
        return assertJsonConforms("GET", "/images/{name}/json", r);
    }

    private JsonNode list(Map<String, List<String>> f) {
        HostResponse r = client.get(commonPrefix() + "/images/json" + (f == null ? "" : "?filters=" + filters(f)));
        assertThat(r.status()).as("list %s: %s", f, r).isEqualTo(200);
        return assertJsonConforms("GET", "/images/json", r);
    }

    /** Tags {@value #BASE} as {@code repo:tag}, remembered for removal after the test. */
    private void tagBase(String repo, String tag) {
        HostResponse r = client.post(commonPrefix() + "/images/" + BASE + "/tag?repo=" + repo + "&tag=" + tag, null);
        assertThat(r.status()).as("tag %s:%s: %s", repo, tag, r).isEqualTo(201);
        assertThat(r.body()).as("tag answers no body").isEmpty();
        tagged.add(repo + ":" + tag);
    }

    private JsonNode untag(String ref) {
        HostResponse r = client.delete(commonPrefix() + "/images/" + ref);
        assertThat(r.status()).as("remove %s: %s", ref, r).isEqualTo(200);
        tagged.remove(ref);
        return assertJsonConforms("DELETE", "/images/{name}", r);
    }

    /** A repository name of this run, with a slash, as registries' names have. */
    private static String uniqueRepo() {
        return "drydock-contract/" + uniqueName("img");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- contracts -----------------------------------------------------------------------------------------

    @Test
    void listShowsTheBaseImageWithItsTagsAndSize() {
        JsonNode all = list(null);
        JsonNode entry = null;
        for (JsonNode img : all) {
            if (texts(img.path("RepoTags")).contains(BASE)) {
                entry = img;
            }
        }
        assertThat(entry).as("%s in the list %s", BASE, all).isNotNull();
        JsonNode inspected = inspect(BASE);
        assertThat(entry.path("Id").asText()).isEqualTo(inspected.path("Id").asText());
        assertThat(entry.path("Size").asLong()).isEqualTo(inspected.path("Size").asLong());
        assertThat(entry.path("ParentId").asText()).isEmpty();
        assertThat(entry.path("Created").asLong()).as("Created, Unix seconds").isPositive();
        if (!atLeast("1.44")) {
            assertThat(entry.path("VirtualSize").asLong()).as("VirtualSize below API 1.44").isEqualTo(
                    entry.path("Size").asLong());
        }
        if (!atLeast("1.51")) {
            assertThat(entry.path("Containers").asInt()).as("Containers is not counted below API 1.51").isEqualTo(-1);
        }
        assertThat(entry.path("SharedSize").asInt()).as("SharedSize without shared-size").isEqualTo(-1);
    }

    @Test
    void inspectShowsIdLayersAndConfigByReferenceIdAndPrefix() {
        JsonNode img = inspect(BASE);
        String id = img.path("Id").asText();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(texts(img.path("RepoTags"))).contains(BASE);
        assertThat(img.path("Os").asText()).isEqualTo("linux");
        assertThat(img.path("Architecture").asText()).isNotEmpty();
        assertThat(img.path("Size").asLong()).isPositive();
        assertThat(img.path("RootFS").path("Type").asText()).isEqualTo("layers");
        assertThat(img.path("RootFS").path("Layers")).as("RootFS layers").isNotEmpty();
        img.path("RootFS").path("Layers").forEach(l -> assertThat(l.asText()).matches("sha256:[0-9a-f]{64}"));
        assertThat(texts(img.path("Config").path("Cmd"))).as("Config.Cmd of busybox").containsExactly("sh");
        if (!atLeast("1.45")) {
            assertThat(img.has("ContainerConfig")).as("ContainerConfig below API 1.45").isTrue();
            assertThat(img.has("Parent")).as("Parent below API 1.45").isTrue();
        }

        String hex = id.substring("sha256:".length());
        assertThat(inspect(hex.substring(0, 12)).path("Id").asText()).as("by short ID").isEqualTo(id);
        assertThat(inspect(id).path("Id").asText()).as("by full ID").isEqualTo(id);
        assertThat(inspect("busybox").path("Id").asText()).as("without a tag means latest").isEqualTo(id);
    }

    @Test
    void historyListsBuildStepsNewestFirstAndAddsUpToTheSize() {
        JsonNode img = inspect(BASE);
        HostResponse r = client.get(commonPrefix() + "/images/" + BASE + "/history");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode history = assertJsonConforms("GET", "/images/{name}/history", r);
        assertThat(history).isNotEmpty();
        JsonNode newest = history.path(0);
        assertThat(newest.path("Id").asText()).isEqualTo(img.path("Id").asText());
        assertThat(texts(newest.path("Tags"))).contains(BASE);
        long total = 0;
        for (JsonNode step : history) {
            total += step.path("Size").asLong();
            assertThat(step.path("Created").asLong()).as("Created of %s", step).isPositive();
        }
        assertThat(total).as("sizes of the steps add up to the image's").isEqualTo(img.path("Size").asLong());
    }

    @Test
    void tagInspectListByReferenceThenRemoveTheTag() {
        String repo = uniqueRepo();
        String ref = repo + ":v1";
        String baseId = inspect(BASE).path("Id").asText();
        tagBase(repo, "v1");

        JsonNode byTag = inspect(ref);
        assertThat(byTag.path("Id").asText()).isEqualTo(baseId);
        assertThat(texts(byTag.path("RepoTags"))).contains(ref, BASE);

        JsonNode listed = list(Map.of("reference", List.of(repo)));
        assertThat(listed).as("list by reference %s", repo).hasSize(1);
        assertThat(listed.path(0).path("Id").asText()).isEqualTo(baseId);
        assertThat(texts(listed.path(0).path("RepoTags"))).as("only the matching tags").containsExactly(ref);
        assertThat(list(Map.of("reference", List.of(repo + ":v2")))).as("another tag of the repo").isEmpty();

        JsonNode removed = untag(ref);
        assertThat(removed).as("untagging leaves the image, still referenced by %s", BASE).hasSize(1);
        assertThat(removed.path(0).path("Untagged").asText()).isEqualTo(ref);
        assertThat(removed.path(0).has("Deleted")).isFalse();

        assertThat(errorMessage(client.get(commonPrefix() + "/images/" + ref + "/json"), 404))
                .as("Engine 20.10 prefixes the message with the name asked for")
                .endsWith("No such image: " + ref);
        assertThat(errorMessage(client.delete(commonPrefix() + "/images/" + ref), 404))
                .isEqualTo("No such image: " + ref);
        assertThat(errorMessage(client.get(commonPrefix() + "/images/" + ref + "/history"), 404))
                .isEqualTo("No such image: " + ref);
        assertThat(list(Map.of("reference", List.of(repo)))).isEmpty();
        assertThat(inspect(BASE).path("Id").asText()).as("%s is untouched", BASE).isEqualTo(baseId);
    }

    @Test
    void removingByIdAnImageTaggedInSeveralRepositoriesNeedsForce() {
        // An image of this test's own: the shared one may meanwhile have child images (another conflict) elsewhere.
        String first = uniqueRepo();
        String second = uniqueRepo();
        String id = importImage(first, "a");
        String shortId = id.substring("sha256:".length(), "sha256:".length() + 12);
        HostResponse tag = client.post(commonPrefix() + "/images/" + first + ":a/tag?repo=" + second + "&tag=b", null);
        assertThat(tag.status()).as("%s", tag).isEqualTo(201);
        tagged.add(second + ":b");

        assertThat(errorMessage(client.delete(commonPrefix() + "/images/" + shortId), 409))
                .isEqualTo("conflict: unable to delete " + shortId
                        + " (must be forced) - image is referenced in multiple repositories");
        assertThat(texts(inspect(id).path("RepoTags"))).containsExactlyInAnyOrder(first + ":a", second + ":b");

        assertThat(untag(first + ":a").path(0).path("Untagged").asText()).isEqualTo(first + ":a");
        JsonNode last = untag(second + ":b");
        assertThat(last.path(0).path("Untagged").asText()).isEqualTo(second + ":b");
        List<String> deleted = new ArrayList<>();
        last.forEach(rec -> deleted.add(rec.path("Deleted").asText()));
        assertThat(deleted).as("removing the last reference deletes the image: %s", last).contains(id);
        assertThat(errorMessage(client.get(commonPrefix() + "/images/" + id + "/json"), 404))
                .endsWith("No such image: " + id);
    }

    /** Imports a one-file root filesystem as {@code repo:tag} and answers the new image's ID. */
    private String importImage(String repo, String tag) {
        HostResponse r = client.request("POST", commonPrefix() + "/images/create?fromSrc=-&repo=" + repo + "&tag=" + tag
                + "&message=" + uniqueName("import"), Map.of("Content-Type", "application/x-tar"),
                tinyTar("hello.txt", "hello from the image contract\n"));
        tagged.add(repo + ":" + tag);
        assertThat(r.status()).as("import: %s", r).isEqualTo(200);
        List<JsonNode> lines = jsonLines(r);
        assertThat(lines).as("import answers one line").hasSize(1);
        SPEC.assertConforms("POST", "/images/create", 200, "application/json", lines.get(0));
        String id = lines.get(0).path("status").asText();
        assertThat(id).as("import status is the new ID").matches("sha256:[0-9a-f]{64}");
        return id;
    }

    @Test
    void unknownImageIsNotFoundOnEveryRoute() {
        String ref = uniqueName("absent") + ":latest";
        assertThat(errorMessage(client.get(commonPrefix() + "/images/" + ref + "/json"), 404))
                .endsWith("No such image: " + ref);
        assertThat(errorMessage(client.get(commonPrefix() + "/images/" + ref + "/history"), 404))
                .isEqualTo("No such image: " + ref);
        assertThat(errorMessage(client.post(commonPrefix() + "/images/" + ref + "/tag?repo=x&tag=y", null), 404))
                .isEqualTo("No such image: " + ref);
        assertThat(errorMessage(client.delete(commonPrefix() + "/images/" + ref), 404))
                .isEqualTo("No such image: " + ref);
    }

    @Test
    void invalidReferencesAreRefused() {
        String upper = "Drydock-Contract-UPPER";
        assertThat(errorMessage(client.get(commonPrefix() + "/images/" + upper + "/json"), 400))
                .contains("invalid reference format: repository name")
                .contains("must be lowercase");
        assertThat(errorMessage(client.delete(commonPrefix() + "/images/" + upper), 400))
                .startsWith("invalid reference format: repository name");
        assertThat(errorMessage(client.get(commonPrefix() + "/images/bad:tag:x/json"), 400))
                .endsWith("invalid reference format");
        // Nothing is fetched: the reference is refused before any registry is asked.
        assertThat(errorMessage(client.post(commonPrefix() + "/images/create?fromImage=" + upper + "&tag=latest",
                null), 400)).startsWith("invalid reference format: repository name");
        assertThat(errorMessage(client.post(commonPrefix() + "/images/create?fromImage=busybox&tag=bad%20tag",
                null), 400)).isEqualTo("invalid tag format");

        // Engine 20.10 (API 1.41) answers an unparsable tag request with 500; newer Engines with 400.
        int tagStatus = serverAtLeast("1.42") ? 400 : 500;
        String base = commonPrefix() + "/images/" + BASE + "/tag";
        assertThat(errorMessage(client.post(base + "?repo=" + uniqueRepo().toUpperCase() + "&tag=x", null), tagStatus))
                .startsWith("invalid reference format: repository name");
        assertThat(errorMessage(client.post(base + "?repo=" + uniqueRepo() + "&tag=bad%20tag", null), tagStatus))
                .isEqualTo("invalid tag format");
        assertThat(errorMessage(client.post(base, null), tagStatus)).isEqualTo("invalid reference format");
    }

    @Test
    void saveAnswersATarWithManifestJson() {
        HostResponse r = client.get(commonPrefix() + "/images/" + BASE + "/get");
        assertThat(r.status()).as("%s", r.status()).isEqualTo(200);
        assertThat(mediaType(r.header("Content-Type"))).isEqualTo("application/x-tar");
        Map<String, byte[]> entries = tarEntries(r.body());
        assertThat(entries).as("archive entries").containsKey("manifest.json");
        JsonNode manifest = json(entries.get("manifest.json"));
        assertThat(manifest).as("manifest.json: %s", manifest).hasSize(1);
        assertThat(texts(manifest.path(0).path("RepoTags"))).containsExactly(BASE);
        String config = manifest.path(0).path("Config").asText();
        assertThat(entries).as("the image config the manifest names").containsKey(config);
        JsonNode layers = manifest.path(0).path("Layers");
        assertThat(layers).hasSameSizeAs(inspect(BASE).path("RootFS").path("Layers"));
        layers.forEach(l -> assertThat(entries).as("layer %s", l.asText()).containsKey(l.asText()));

        String absent = uniqueName("absent");
        assertThat(errorMessage(client.get(commonPrefix() + "/images/" + absent + "/get"), 404))
                .isEqualTo("No such image: " + absent);
        assertThat(errorMessage(client.get(commonPrefix() + "/images/get?names=" + absent), 404))
                .isEqualTo("No such image: " + absent);
    }

    @Test
    void saveByNamesThenLoadRestoresTheTag() {
        String repo = uniqueRepo();
        String ref = repo + ":v1";
        String baseId = inspect(BASE).path("Id").asText();
        tagBase(repo, "v1");
        HostResponse saved = client.get(commonPrefix() + "/images/get?names=" + ref);
        assertThat(saved.status()).as("%s", saved.status()).isEqualTo(200);
        assertThat(mediaType(saved.header("Content-Type"))).isEqualTo("application/x-tar");
        assertThat(tarEntries(saved.body())).containsKey("manifest.json");
        untag(ref);

        HostResponse loaded = client.request("POST", commonPrefix() + "/images/load?quiet=1",
                Map.of("Content-Type", "application/x-tar"), saved.body());
        tagged.add(ref);
        assertThat(loaded.status()).as("%s", loaded).isEqualTo(200);
        assertThat(mediaType(loaded.header("Content-Type"))).isEqualTo("application/json");
        List<JsonNode> lines = jsonLines(loaded);
        List<String> streamed = new ArrayList<>();
        for (JsonNode line : lines) {
            SPEC.assertConforms("POST", "/images/load", 200, "application/json", line);
            assertThat(line.has("error")).as("load line %s", line).isFalse();
            streamed.add(line.path("stream").asText());
        }
        assertThat(streamed).contains("Loaded image: " + ref + "\n");
        assertThat(inspect(ref).path("Id").asText()).as("the loaded image is the one saved").isEqualTo(baseId);
    }

    // ---- tar reading and writing -----------------------------------------------------------------------------

    /** A ustar archive of one regular file, written by hand so the contract needs no archive library. */
    static byte[] tinyTar(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", data.length));
        put(header, 136, String.format("%011o", 1_700_000_000L));
        Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        int padded = (data.length + 511) / 512 * 512;
        byte[] out = new byte[512 + padded + 1024];
        System.arraycopy(header, 0, out, 0, 512);
        System.arraycopy(data, 0, out, 512, data.length);
        return out;
    }

    private static void put(byte[] block, int off, String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, block, off, b.length);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The regular files of a tar archive by name (ustar, with PAX or GNU long names), read by hand so the contract
     * needs no archive library.
     */
    static Map<String, byte[]> tarEntries(byte[] tar) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String longName = null;
        int pos = 0;
        while (pos + 512 <= tar.length) {
            byte[] header = Arrays.copyOfRange(tar, pos, pos + 512);
            if (isZero(header)) {
                break;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty() && "ustar".equals(field(header, 257, 5))) {
                name = prefix + "/" + name;
            }
            String octal = field(header, 124, 12).trim();
            long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            char type = (char) header[156];
            int dataStart = pos + 512;
            byte[] data = Arrays.copyOfRange(tar, dataStart, (int) Math.min(tar.length, dataStart + size));
            if (type == 'x') {
                String path = paxPath(new String(data, StandardCharsets.UTF_8));
                if (path != null) {
                    longName = path;
                }
            } else if (type == 'L') {
                longName = field(data, 0, data.length);
            } else {
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                if (type == '0' || type == '\0') {
                    out.put(name, data);
                }
            }
            pos = dataStart + (int) ((size + 511) / 512 * 512);
        }
        return out;
    }

    private static String paxPath(String records) {
        for (String rec : records.split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) {
                return rec.substring(sp + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte x : block) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
