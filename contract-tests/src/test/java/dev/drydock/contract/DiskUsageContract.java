package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /system/df}: object lists below API 1.52, per-kind summaries from 1.52. */
public abstract class DiskUsageContract extends HostContract {

    @Test
    void legacyShapeListsObjectsBelowApi152() {
        String v = legacyVersion("0.0");
        HostResponse r = client.get("/v" + v + "/system/df");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode df = assertJsonConforms("GET", "/system/df", r);
        assertThat(df.has("LayersSize")).isTrue();
        assertThat(df.path("Images").isArray()).isTrue();
        assertThat(df.path("Containers").isArray()).isTrue();
        assertThat(df.path("Volumes").isArray()).isTrue();
        assertThat(df.has("ImageUsage")).isFalse();
    }

    @Test
    void summaryShapeFromApi152() {
        if (!serverAtLeast("1.52")) {
            skipBecause("the server's API " + apiVersion() + " predates the 1.52 disk usage summaries");
        }
        HostResponse r = client.get("/v1.52/system/df");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode df = assertJsonConforms("GET", "/system/df", r);
        for (String kind : new String[]{"ImageUsage", "ContainerUsage", "VolumeUsage", "BuildCacheUsage"}) {
            assertThat(df.path(kind).path("TotalCount").isInt()).as(kind).isTrue();
            assertThat(df.path(kind).path("ActiveCount").asInt()).as(kind)
                    .isLessThanOrEqualTo(df.path(kind).path("TotalCount").asInt());
        }
        assertThat(df.has("LayersSize")).isFalse();
    }

    /** The API version to ask at for a shape-independent check: the server's own, capped below 1.52. */
    private String legacyVersion(String atLeast) {
        String v = compareVersions(apiVersion(), "1.51") < 0 ? apiVersion() : "1.51";
        if (compareVersions(v, atLeast) < 0 || compareVersions(v, minApiVersion()) < 0) {
            skipBecause("the server serves no API version from " + atLeast + " below 1.52 (it serves "
                    + minApiVersion() + " to " + apiVersion() + ")");
        }
        return v;
    }

    @Test
    void typeRestrictsTheReportFromApi142() {
        String v = legacyVersion("1.42");
        HostResponse r = client.get("/v" + v + "/system/df?type=volume");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode df = assertJsonConforms("GET", "/system/df", r);
        assertThat(df.has("Volumes")).isTrue();
        assertThat(df.has("Images")).as("images left out: %s", df).isFalse();
    }

    @Test
    void typeIsIgnoredBelowApi142() {
        if (compareVersions(minApiVersion(), "1.41") > 0) {
            skipBecause("the server serves no API version below 1.42");
        }
        HostResponse r = client.get("/v1.41/system/df?type=volume");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode df = assertJsonConforms("GET", "/system/df", r);
        assertThat(df.has("Volumes")).isTrue();
        assertThat(df.has("Images")).as("type is not a parameter before API 1.42: %s", df).isTrue();
    }
}
