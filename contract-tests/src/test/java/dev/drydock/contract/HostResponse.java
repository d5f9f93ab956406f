package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A complete HTTP response: status line, headers in arrival order, body bytes. */
public final class HostResponse {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int status;
    private final String reason;
    private final List<String[]> headers;
    private final byte[] body;

    HostResponse(int status, String reason, List<String[]> headers, byte[] body) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The first value of a header (names compare case-insensitively), if present. */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** Every value of a header, in arrival order. */
    public List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                out.add(h[1]);
            }
        }
        return out;
    }

    /** Header names as sent, lower-cased. */
    public List<String> headerNames() {
        List<String> out = new ArrayList<>();
        headers.forEach(h -> out.add(h[0].toLowerCase(Locale.ROOT)));
        return out;
    }

    public byte[] body() {
        return body.clone();
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON. */
    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("body is not JSON: " + abbreviated(), e);
        }
    }

    /** The body for failure messages, cut to a readable length. */
    public String abbreviated() {
        String t = text();
        return t.length() > 400 ? t.substring(0, 400) + "..." : t;
    }

    @Override
    public String toString() {
        return status + " " + reason + " " + abbreviated();
    }
}
