package dev.drydock.build;

import dev.drydock.engine.Image;
import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;
import dev.drydock.fs.LayerTar;
import dev.drydock.fs.OverlayFsView;
import dev.drydock.fs.PathFsView;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.Users;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * COPY and ADD: sources from the context (or {@code --from} a stage or image), globs, directory-content
 * semantics, {@code --chown}/{@code --chmod}; ADD also extracts local tar archives (plain, gzip, bzip2, xz)
 * and fetches URLs.
 */
final class CopyStep {
    private final Builder builder;
    private final StageState s;
    private final Instruction in;
    private final String cmd;
    private final List<Path> temps = new ArrayList<>();

    CopyStep(Builder builder, StageState s, Instruction in) {
        this.builder = builder;
        this.s = s;
        this.in = in;
        this.cmd = in.keyword();
    }

    void run() {
        try {
            doRun();
        } finally {
            temps.forEach(Builder::discard);
        }
    }

    private void doRun() {
        boolean add = cmd.equals("ADD");
        Map<String, String> env = s.substitutionEnv();
        List<String> words = new ArrayList<>();
        for (String w : in.args()) {
            words.add(in.json() ? w : builder.expand(w, env));
        }
        String dest = words.get(words.size() - 1);
        List<String> srcWords = words.subList(0, words.size() - 1);
        String from = in.flags().get("from");
        String chown = in.flags().get("chown");
        String chmodText = in.flags().get("chmod");
        Integer chmod = null;
        if (chmodText != null && !chmodText.isEmpty()) {
            try {
                chmod = Integer.parseInt(chmodText, 8);
            } catch (NumberFormatException e) {
                throw new BuildFailure("invalid chmod parameter: invalid syntax: " + chmodText);
            }
        }
        String extra = "chown=" + (chown == null ? "" : chown) + ";chmod=" + (chmodText == null ? "" : chmodText);
        boolean destDir = dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".");
        String workdir = s.workdir == null || s.workdir.isEmpty() ? "/" : s.workdir;
        String destAbs = Paths.resolve(workdir, dest);
        // The same context (fingerprint) and words resolve to the same sources: a known reference needs no files,
        // so a step that then hits the cache leaves the context unpacked.
        String wordsKey = wordsKey(from, add, srcWords, extra);
        String known = wordsKey == null ? null : memoGet(wordsKey);
        if (known != null) {
            int nul = known.indexOf('\0');
            int count = Integer.parseInt(known.substring(0, nul));
            checkDest(srcWords.size(), count, destDir);
            String createdBy = createdBy(known.substring(nul + 1), dest);
            if (builder.probeCache(s, builder.cacheKey(s, createdBy), createdBy)) {
                return;
            }
        }
        FsView source;
        DockerIgnore ignore;
        List<CopySources.Source> sources = new ArrayList<>();
        if (from != null && !from.isEmpty()) {
            Image img = builder.fromImage(builder.expand(from, env));
            Path empty = builder.newScratch();
            temps.add(empty);
            source = new OverlayFsView(empty, img == null ? List.of() : img.layerRootsTopFirst(),
                        builder.engine().images().layers()::index);
            ignore = null;
            sources.addAll(CopySources.resolve(source, null, srcWords, cmd));
        } else {
            source = builder.context().view();
            ignore = builder.context().ignore();
            List<String> local = new ArrayList<>();
            for (String w : srcWords) {
                if (add && isUrl(w)) {
                    sources.add(fetch(w));
                } else {
                    local.add(w);
                }
            }
            if (!local.isEmpty()) {
                sources.addAll(CopySources.resolve(source, ignore, local, cmd));
            }
        }
        checkDest(srcWords.size(), sources.size(), destDir);
        String hash = CopySources.describe(sources, ignore, extra, builder.context(), builder.sourceHashes());
        if (wordsKey != null) {
            memoPut(wordsKey, sources.size() + "\0" + hash);
        }
        String createdBy = createdBy(hash, dest);
        String key = builder.cacheKey(s, createdBy);
        if (known == null && builder.probeCache(s, key, createdBy)) {
            return;
        }
        Integer mode = chmod;
        var layer = builder.applyChange(s, view -> {
            int[] owner = chown == null || chown.isEmpty() ? new int[] {0, 0} : owner(view, chown);
            for (CopySources.Source src : sources) {
                FileStat st = src.stat();
                FsView sv = src.view();
                DockerIgnore ig = builder.context().isView(sv) ? ignore : null;
                if (st.isDirectory()) {
                    TreeCopy.copyChildren(sv, sv.realPath(src.path()), view, destAbs, ig, mode, owner);
                } else if (add && builder.context().isView(sv) && isArchive(sv, src.path())) {
                    extractInto(sv, src.path(), view, destAbs, chown == null || chown.isEmpty() ? null : owner);
                } else {
                    boolean intoDir = destDir || view.stat(destAbs, true).map(FileStat::isDirectory).orElse(false);
                    String target = intoDir ? (destAbs.equals("/") ? "" : destAbs) + "/" + Paths.name(src.path())
                            : destAbs;
                    TreeCopy.copyEntry(sv, src.path(), view, target, null, mode, owner);
                }
            }
        });
        builder.finishCommit(s, key, createdBy, layer);
    }

    private static boolean isUrl(String w) {
        return w.startsWith("http://") || w.startsWith("https://");
    }

    private String createdBy(String hash, String dest) {
        return Builder.shellPrefix(s) + "#(nop) " + cmd + " " + hash + " in " + dest + " ";
    }

    private void checkDest(int words, int sources, boolean destDir) {
        if ((words > 1 || sources > 1) && !destDir) {
            throw new BuildFailure("When using " + cmd + " with more than one source file, the destination must be "
                    + "a directory and end with a /");
        }
    }

    /** The memo key of this step's source words in this context, or null when they are not all context paths. */
    private String wordsKey(String from, boolean add, List<String> srcWords, String extra) {
        BuildContext c = builder.context();
        if (from != null && !from.isEmpty() || c.fingerprint() == null || c.memo() == null) {
            return null;
        }
        StringBuilder k = new StringBuilder("words:").append(c.fingerprint()).append('\0').append(cmd)
                .append('\0').append(extra);
        for (String w : srcWords) {
            if (add && isUrl(w)) {
                return null;
            }
            k.append('\0').append(w);
        }
        return k.toString();
    }

    private String memoGet(String key) {
        Map<String, String> memo = builder.context().memo();
        synchronized (memo) {
            return memo.get(key);
        }
    }

    private void memoPut(String key, String value) {
        Map<String, String> memo = builder.context().memo();
        synchronized (memo) {
            memo.put(key, value);
        }
    }

    /** {@code --chown=user[:group]} against the stage's /etc/passwd and /etc/group. */
    private static int[] owner(FsView view, String spec) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? spec : spec.substring(colon + 1);
        Integer uid = user.matches("\\d+") ? Integer.valueOf(user) : Users.userId(view, user);
        if (uid == null) {
            throw new BuildFailure("unable to convert uid/gid chown string to host mapping: can't find uid for user "
                    + user + ": no such user: " + user);
        }
        Integer gid = group.matches("\\d+") ? Integer.valueOf(group) : Users.groupId(view, group);
        if (gid == null) {
            throw new BuildFailure("unable to convert uid/gid chown string to host mapping: can't find gid for group "
                    + group + ": no such group: " + group);
        }
        return new int[] {uid, gid};
    }

    // ---- ADD archives ----------------------------------------------------------------------------------------

    private static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 65536);
        in.mark(16);
        byte[] m = in.readNBytes(6);
        in.reset();
        if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
            return new BZip2CompressorInputStream(in, true);
        }
        if (m.length == 6 && Arrays.equals(m, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
            return new XZCompressorInputStream(in, true);
        }
        return in;
    }

    private static boolean isArchive(FsView view, String path) {
        try (InputStream in = decompressed(view.read(path))) {
            return BuildContext.isTar(in.readNBytes(512));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void extractInto(FsView src, String path, FsView view, String destAbs, int[] owner) throws FsException {
        Path tmp = builder.newScratch();
        temps.add(tmp);
        try (InputStream in = decompressed(src.read(path))) {
            LayerTar.extract(in, tmp, builder.engine().config().maxArchiveBytes());
        } catch (IOException e) {
            throw new BuildFailure(cmd + " failed: " + e.getMessage());
        }
        TreeCopy.copyChildren(new PathFsView(tmp, true), "/", view, destAbs, null, null, owner);
    }

    // ---- ADD URLs --------------------------------------------------------------------------------------------

    private CopySources.Source fetch(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BuildFailure(cmd + " failed: parse \"" + url + "\": invalid URL");
        }
        String name = Paths.name(uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        if (name.equals("/") || name.isEmpty()) {
            name = "__unnamed__";
        }
        byte[] body;
        builder.out().flush();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() >= 400) {
                throw new BuildFailure(cmd + " failed: failed to GET " + url + " with status "
                        + r.statusCode() + " " + reason(r.statusCode()) + ": " + new String(r.body(),
                        java.nio.charset.StandardCharsets.UTF_8).strip());
            }
            body = r.body();
        } catch (ConnectException e) {
            throw new BuildFailure(cmd + " failed: Get \"" + url + "\": dial tcp " + hostPort(uri)
                    + ": connect: connection refused");
        } catch (IOException e) {
            if (e.getCause() instanceof UnknownHostException || e instanceof UnknownHostException
                    || String.valueOf(e.getMessage()).contains("UnresolvedAddress")
                    || e.getCause() != null && e.getCause().getClass().getSimpleName().contains("Unresolved")) {
                throw new BuildFailure(cmd + " failed: Get \"" + url + "\": dial tcp: lookup " + uri.getHost()
                        + ": no such host");
            }
            if (e.getCause() instanceof ConnectException || e instanceof java.net.http.HttpConnectTimeoutException) {
                throw new BuildFailure(cmd + " failed: Get \"" + url + "\": dial tcp " + hostPort(uri)
                        + ": connect: connection refused");
            }
            throw new BuildFailure(cmd + " failed: Get \"" + url + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure("build cancelled");
        } catch (IllegalArgumentException e) {
            throw new BuildFailure(cmd + " failed: Get \"" + url + "\": unsupported protocol scheme");
        }
        Path tmp = builder.newScratch();
        temps.add(tmp);
        try {
            Files.write(tmp.resolve(name), body);
        } catch (IOException e) {
            throw new BuildFailure(e.getMessage());
        }
        PathFsView v = new PathFsView(tmp, false);
        try {
            v.chmod("/" + name, 0600);
            return new CopySources.Source(v, "/" + name, v.stat("/" + name, true).orElseThrow());
        } catch (FsException e) {
            throw new BuildFailure(e.getMessage());
        }
    }

    private static String hostPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static String reason(int status) {
        return switch (status) {
            case 404 -> "Not Found";
            case 403 -> "Forbidden";
            case 401 -> "Unauthorized";
            case 500 -> "Internal Server Error";
            default -> "";
        };
    }
}
