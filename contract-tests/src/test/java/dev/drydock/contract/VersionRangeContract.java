package dev.drydock.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API versions outside the server's own range ({@code MinAPIVersion .. ApiVersion} from {@code /version}) are
 * refused with 400 and the daemon's exact wording, on every route.
 */
public abstract class VersionRangeContract extends HostContract {

    /** The version just below {@code v} ("1.24" gives "1.23"). */
    private static String below(String v) {
        String[] p = v.split("\\.");
        int minor = Integer.parseInt(p[1]);
        return minor > 0 ? p[0] + "." + (minor - 1) : (Integer.parseInt(p[0]) - 1) + ".99";
    }

    /** The version just above {@code v} ("1.41" gives "1.42"). */
    private static String above(String v) {
        String[] p = v.split("\\.");
        return p[0] + "." + (Integer.parseInt(p[1]) + 1);
    }

    /**
     * The error message of a refusal. Engines answer clients below API 1.24 in the plain-text error format of
     * that era; from 1.24 errors are {@code {"message"}} JSON.
     */
    private String refusal(String path, String requested) {
        HostResponse r = client.get(path);
        assertThat(r.status()).as("GET %s: %s", path, r).isEqualTo(400);
        String contentType = r.header("Content-Type").orElse("");
        if (compareVersions(requested, "1.24") >= 0 || contentType.startsWith("application/json")) {
            assertThat(contentType).as("Content-Type of GET %s", path).isEqualTo("application/json");
            return r.json().path("message").asText();
        }
        assertThat(contentType).startsWith("text/plain");
        return r.text().trim();
    }

    @Test
    void tooOldIsRefusedWithTheMinimum() {
        String old = below(minApiVersion());
        assertThat(refusal("/v" + old + "/version", old)).isEqualTo("client version " + old
                + " is too old. Minimum supported API version is " + minApiVersion()
                + ", please upgrade your client to a newer version");
    }

    @Test
    void tooNewIsRefusedWithTheMaximum() {
        String next = above(apiVersion());
        assertThat(refusal("/v" + next + "/version", next))
                .isEqualTo("client version " + next + " is too new. Maximum supported API version is " + apiVersion());
    }

    @Test
    void everyRouteChecksTheRange() {
        String next = above(apiVersion());
        for (String route : new String[]{"/_ping", "/info", "/events?since=1&until=2"}) {
            assertThat(refusal("/v" + next + route, next)).as("GET /v%s%s", next, route)
                    .startsWith("client version " + next + " is too new.");
        }
    }

    @Test
    void refusalsStillCarryTheServersApiVersion() {
        HostResponse r = client.get("/v" + above(apiVersion()) + "/version");
        assertThat(r.header("Api-Version")).contains(apiVersion());
        assertThat(r.header("Ostype")).contains("linux");
    }

    @Test
    void bothEndsOfTheRangeAreServed() {
        for (String v : new String[]{minApiVersion(), apiVersion()}) {
            HostResponse r = client.get("/v" + v + "/version");
            assertThat(r.status()).as("GET /v%s/version: %s", v, r).isEqualTo(200);
            assertJsonConforms("GET", "/version", r);
        }
    }
}
