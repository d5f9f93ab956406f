package dev.drydock.contract;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET}/{@code HEAD /_ping}: how every client finds out a daemon is there and which API it speaks. */
public abstract class PingContract extends HostContract {

    @Test
    void getAnswersOkAsPlainText() {
        HostResponse r = client.get("/_ping");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.text()).isEqualTo("OK");
        assertThat(mediaType(r.header("Content-Type"))).isEqualTo("text/plain");
        assertThat(charset(r.header("Content-Type"))).isEqualTo("utf-8");
        assertPingHeaders(r);
    }

    @Test
    void headAnswersTheSameHeadersWithNoBody() {
        HostResponse r = client.head("/_ping");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertPingHeaders(r);
    }

    @Test
    void apiVersionHeaderIsTheVersionReportedByVersion() {
        assertThat(client.get("/_ping").header("Api-Version")).contains(apiVersion());
    }

    @Test
    void answersWithAndWithoutVersionPrefixAtBothEndsOfTheRange() {
        for (String path : new String[]{"/_ping", "/v" + apiVersion() + "/_ping", "/v" + minApiVersion() + "/_ping"}) {
            HostResponse r = client.get(path);
            assertThat(r.status()).as("GET %s: %s", path, r).isEqualTo(200);
            assertThat(r.text()).as("GET %s", path).isEqualTo("OK");
        }
    }

    @Test
    void answersOnEveryHostTheTargetListensOn() {
        for (URI h : target.hosts()) {
            HostResponse r = new HostClient(h).get("/_ping");
            assertThat(r.status()).as("GET /_ping on %s", h).isEqualTo(200);
            assertThat(r.text()).isEqualTo("OK");
        }
    }

    private void assertPingHeaders(HostResponse r) {
        assertThat(r.header("Api-Version")).hasValueSatisfying(v -> assertThat(v).matches("[0-9]+\\.[0-9]+"));
        assertThat(r.header("Ostype")).contains("linux");
        assertThat(r.header("Docker-Experimental")).hasValueSatisfying(v -> assertThat(v).isIn("true", "false"));
        assertThat(r.header("Cache-Control")).contains("no-cache, no-store, must-revalidate");
        assertThat(r.header("Pragma")).contains("no-cache");
        assertThat(r.header("Server")).hasValueSatisfying(v -> assertThat(v).startsWith("Docker/").endsWith("(linux)"));
        if (serverAtLeast("1.42")) {
            // Engines from 23.0 (API 1.42) always announce their builder and swarm state; 20.10 sends neither.
            assertThat(r.header("Builder-Version")).hasValueSatisfying(v -> assertThat(v).isIn("1", "2"));
            assertThat(r.header("Swarm")).hasValueSatisfying(v -> assertThat(v)
                    .isIn("inactive", "pending", "error", "locked", "active/worker", "active/manager"));
        }
    }
}
