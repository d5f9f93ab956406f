package dev.drydock.admin;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The request being handled, as fault rules see it: query and body are only decoded or read when asked. */
final class LiveRequest implements RequestView {
    private final Request request;
    private final String rawPath;
    private final String path;
    private Map<String, List<String>> query;
    private ByteBuffer body;

    LiveRequest(Request request, String rawPath) {
        this.request = request;
        this.rawPath = rawPath;
        this.path = VersionPrefix.strip(rawPath);
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String path() {
        return path;
    }

    String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    @Override
    public String queryParam(String name) {
        if (query == null) {
            query = QueryStrings.parse(rawQuery());
        }
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public List<String> headerValues(String name) {
        return request.getHeaders().getValuesList(name);
    }

    /** Reads the whole body (once) so a body predicate can look at it; the handler then gets it replayed. */
    @Override
    public String bodyText() {
        if (body == null) {
            try {
                body = Content.Source.asByteBuffer(request);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return StandardCharsets.UTF_8.decode(body.duplicate()).toString();
    }

    /** The body read for a predicate, or null when nobody asked for it. */
    ByteBuffer bufferedBody() {
        return body;
    }

    /** The headers as name/value pairs, flat, for the journal. */
    String[] headerPairs() {
        HttpFields fields = request.getHeaders();
        String[] out = new String[fields.size() * 2];
        int i = 0;
        for (HttpField f : fields) {
            out[i++] = f.getName();
            out[i++] = f.getValue();
        }
        return out;
    }
}
