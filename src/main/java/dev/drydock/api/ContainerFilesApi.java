package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.engine.Engine;
import dev.drydock.engine.containers.ContainerFiles;
import dev.drydock.engine.wiring.ContainerCommit;
import dev.drydock.stream.StreamExecutor;
import dev.drydock.stream.Streaming;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's files: {@code /archive} (HEAD stat, GET tar out, PUT tar in), {@code /export}, {@code /changes},
 * and {@code POST /commit}.
 */
public final class ContainerFilesApi implements ApiResource {
    private static final String STAT_HEADER = "X-Docker-Container-Path-Stat";
    /** What Go's server buffers before it chunks: a tar that fits (a small file's) is sent with a length. */
    private static final int GO_BUFFER = 2048;

    private final Engine engine;
    private final StreamExecutor streams;
    private final ContainerFiles files;

    public ContainerFilesApi(Engine engine, StreamExecutor streams) {
        this.engine = engine;
        this.streams = streams;
        this.files = new ContainerFiles(engine.containers());
    }

    @Override
    public void register(RouteTable routes) {
        routes.head("/containers/{id}/archive", this::statPath)
                .get("/containers/{id}/archive", this::getArchive)
                .put("/containers/{id}/archive", this::putArchive)
                .get("/containers/{id}/export", this::export)
                .get("/containers/{id}/changes", this::changes)
                .post("/commit", this::commit);
    }

    private static String statHeader(ContainerFiles.PathStat stat) {
        byte[] json = Json.line(stat.toJson());
        String text = new String(json, StandardCharsets.UTF_8).trim();
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private void statPath(Context ctx) {
        ContainerFiles.PathStat stat = files.stat(ctx.pathParam("id"), ctx.queryParam("path"));
        ctx.header(STAT_HEADER, statHeader(stat));
        Http.empty(ctx, 200);
    }

    private void getArchive(Context ctx) throws IOException {
        // Errors (404, bad path) are answered before the head; the tar then streams as it is written.
        ContainerFiles.Archive a = files.archive(ctx.pathParam("id"), ctx.queryParam("path"));
        ctx.header(STAT_HEADER, statHeader(a.stat()));
        Streaming.startBuffered(ctx, streams, "application/x-tar", GO_BUFFER, (out, conn) -> a.tar().writeTo(out));
    }

    private void putArchive(Context ctx) {
        files.extract(ctx.pathParam("id"), ctx.queryParam("path"), ctx.bodyInputStream(),
                Http.boolParam(ctx, "noOverwriteDirNonDir"), Http.boolParam(ctx, "copyUIDGID"));
        Http.empty(ctx, 200);
    }

    private void export(Context ctx) throws IOException {
        ContainerFiles.TarBody tar = files.export(ctx.pathParam("id"));
        // The daemon sets no type on export: Go's content sniffing names a tar application/octet-stream.
        Streaming.startBuffered(ctx, streams, "application/octet-stream", GO_BUFFER,
                (out, conn) -> tar.writeTo(out));
    }

    private void changes(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ContainerFiles.Change c : files.changes(ctx.pathParam("id"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Path", c.path());
            m.put("Kind", c.kind());
            out.add(m);
        }
        // The daemon encodes "no changes" as a nil slice.
        Http.json(ctx, out.isEmpty() ? null : out);
    }

    private void commit(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        JsonNode config = body.length == 0 ? null : Json.parseBody(body, true);
        String id = new ContainerCommit(engine).commit(new ContainerCommit.Request(ctx.queryParam("container"),
                ctx.queryParam("repo"), ctx.queryParam("tag"), ctx.queryParam("comment"), ctx.queryParam("author"),
                Http.boolParam(ctx, "pause", true), ctx.queryParams("changes"), config));
        Http.json(ctx, 201, Map.of("Id", id));
    }
}
