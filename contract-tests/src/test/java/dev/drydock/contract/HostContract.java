package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.apispec.ApiSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base of every contract: written once against "a Docker host", run by one subclass per target
 * ({@code Drydock*ContractTest} for an embedded Drydock, {@code Remote*ContractTest} for a real Engine).
 *
 * <p>Where Engines legitimately differ, a contract keys its expectation on the API version the server reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HostContract {
    /** The spec every response body is checked against. */
    protected static final ApiSpec SPEC = ApiSpec.load();
    /** The API version the reference Engine speaks, which Drydock serves too. */
    protected static final String COMMON_VERSION = "1.41";

    protected ContractTarget target;
    protected HostClient client;
    private JsonNode version;

    /** Opens the target this subclass runs against. */
    protected abstract ContractTarget openTarget();

    /** Why the target is unavailable (no remote Engine given); each test then reports itself skipped. */
    private String unavailable;

    @BeforeAll
    final void openHost() {
        try {
            target = openTarget();
            client = new HostClient(target.host());
        } catch (TestAbortedException e) {
            // Aborting here would hide the tests from the counts; skipping each keeps the skip visible.
            unavailable = e.getMessage();
        }
    }

    @BeforeEach
    final void requireHost() {
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
    }

    @AfterAll
    final void closeHost() {
        if (target != null) {
            target.close();
        }
    }

    /** The server's {@code GET /version} body, fetched once. */
    protected JsonNode serverVersion() {
        if (version == null) {
            HostResponse r = client.get("/version");
            assertThat(r.status()).as("GET /version on %s: %s", target.name(), r).isEqualTo(200);
            version = r.json();
        }
        return version;
    }

    /** The highest API version the server reports serving. */
    protected String apiVersion() {
        return serverVersion().path("ApiVersion").asText();
    }

    /** The lowest API version the server reports serving. */
    protected String minApiVersion() {
        return serverVersion().path("MinAPIVersion").asText();
    }

    /** True when the server's highest API version is at least {@code v}. */
    protected boolean serverAtLeast(String v) {
        return compareVersions(apiVersion(), v) >= 0;
    }

    /** Skips the rest of a contract, loudly, when the target does not serve a route yet. */
    protected void assumeServed(String method, String path) {
        if (!target.serves(method, path)) {
            String why = "SKIPPED on " + target.name() + ": " + method.toUpperCase(Locale.ROOT) + " " + path
                    + " is not served yet; this contract runs once it is";
            System.err.println("[contract] " + why);
            Assumptions.abort(why);
        }
    }

    /** Skips the rest of a contract, loudly, for a reason. */
    protected void skipBecause(String why) {
        System.err.println("[contract] SKIPPED on " + target.name() + ": " + why);
        Assumptions.abort(why);
    }

    /** Fails unless the response is JSON (Content-Type exactly application/json) conforming to api-spec. */
    protected JsonNode assertJsonConforms(String method, String specPath, HostResponse r) {
        assertThat(r.header("Content-Type")).as("Content-Type of %s %s", method, specPath)
                .contains("application/json");
        JsonNode body = r.json();
        SPEC.assertConforms(method, specPath, r.status(), "application/json", body);
        return body;
    }

    /**
     * Fails unless the response is an error of that status with Docker's {@code {"message": ...}} body and
     * Content-Type application/json; answers the message.
     */
    protected String errorMessage(HostResponse r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("Content-Type of a %d", status).contains("application/json");
        JsonNode body = r.json();
        assertThat(SPEC.componentSchema("ErrorResponse").validate(body)).as("ErrorResponse shape of %s", r).isEmpty();
        return body.path("message").asText();
    }

    /**
     * The API version prefix ({@code /v1.41}) that both targets answer alike: 1.41, the reference Engine's, when
     * the server serves it, else the oldest version it serves. Contracts that depend on it key on {@link #atLeast}.
     */
    protected String commonPrefix() {
        String v = compareVersions(minApiVersion(), COMMON_VERSION) <= 0
                && compareVersions(apiVersion(), COMMON_VERSION) >= 0 ? COMMON_VERSION : minApiVersion();
        return "/v" + v;
    }

    /** True when {@link #commonPrefix()} asks for at least API version {@code v}. */
    protected boolean atLeast(String v) {
        return compareVersions(commonPrefix().substring(2), v) >= 0;
    }

    /**
     * A name no other test (nor another run against the same Engine) uses: contracts run in parallel against
     * one shared reference Engine.
     */
    protected static String uniqueName(String kind) {
        return "drydock-contract-" + kind + "-" + java.util.UUID.randomUUID().toString().substring(0, 12);
    }

    /** A {@code filters} query value: the JSON object Docker expects, URL-encoded. */
    protected static String filters(java.util.Map<String, java.util.List<String>> filters) {
        try {
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(filters);
            return java.net.URLEncoder.encode(json, java.nio.charset.StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The media type of a Content-Type value, lower-cased and without parameters: Go's servers write
     * {@code text/plain; charset=utf-8} where Jetty writes {@code text/plain;charset=utf-8}, which clients parse alike.
     */
    protected static String mediaType(java.util.Optional<String> contentType) {
        String v = contentType.orElse("");
        int semi = v.indexOf(';');
        return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The charset parameter of a Content-Type value, lower-cased, or "" without one. */
    protected static String charset(java.util.Optional<String> contentType) {
        for (String part : contentType.orElse("").split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                return p.substring("charset=".length()).replace("\"", "");
            }
        }
        return "";
    }

    /** Docker's API version order: numerically, part by part. */
    protected static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
