package dev.drydock.build;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Registry-Config} on {@code POST /build}: base64url JSON of registry to credentials, used when FROM pulls
 * from a registry that needs them; an unreadable header is ignored (dockerd 20.10 answers 200 and builds).
 */
class BuildRegistryConfigTest {
    private static Drydock drydock;

    @BeforeAll
    static void start() {
        drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").credential("alice", "s3cret").build());
        String auth = b64("{\"username\":\"alice\",\"password\":\"s3cret\",\"serveraddress\":\"localhost:5000\"}");
        api().post("/images/create?fromImage=busybox&tag=latest").then().statusCode(200).extract().asString();
        api().queryParam("repo", "localhost:5000/team/base").queryParam("tag", "v1").post("/images/busybox/tag")
                .then().statusCode(201);
        assertThat(api().header("X-Registry-Auth", auth).post("/images/localhost:5000/team/base/push?tag=v1")
                .asString()).contains("\"status\":\"Pushed\"");
        api().delete("/images/localhost:5000/team/base:v1").then().statusCode(200);
    }

    @AfterAll
    static void stop() {
        drydock.close();
    }

    private static RequestSpecification api() {
        return RestAssured.given().baseUri("http://127.0.0.1:" + drydock.port()).basePath("/v1.41");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Builds with the base image absent locally, so FROM pulls it. */
    private static String build(String registryConfig) {
        api().delete("/images/localhost:5000/team/base:v1");
        RequestSpecification req = api().contentType("application/x-tar")
                .body(ContextTar.of("FROM localhost:5000/team/base:v1\nLABEL from=private\n").tar());
        if (registryConfig != null) {
            req = req.header("X-Registry-Config", registryConfig);
        }
        Response r = req.post("/build");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.asString();
    }

    @Test
    void fromPullsWithTheCredentialsOfItsRegistry() {
        String ok = build(b64("{\"localhost:5000\":{\"username\":\"alice\",\"password\":\"s3cret\","
                + "\"serveraddress\":\"localhost:5000\"}}"));
        assertThat(ok).contains("Pulling from team/base").contains("Successfully built");
    }

    @Test
    void noOrWrongCredentialsFailTheBuildInBand() {
        assertThat(build(null)).contains("no basic auth credentials").doesNotContain("Successfully built");
        assertThat(build(b64("{\"localhost:5000\":{\"username\":\"alice\",\"password\":\"wrong\"}}")))
                .contains("unauthorized: authentication required").doesNotContain("Successfully built");
        // Credentials for another registry do not apply.
        assertThat(build(b64("{\"other.example:5000\":{\"username\":\"alice\",\"password\":\"s3cret\"}}")))
                .contains("no basic auth credentials");
    }

    @Test
    void anUnreadableHeaderIsIgnoredAsTheDaemonDoes() {
        for (String header : new String[] {"not-base64!!", b64("[]"), b64("{\"a\":1}")}) {
            assertThat(build(header)).as(header).contains("no basic auth credentials")
                    .doesNotContain("Successfully built");
        }
    }

    @Test
    void aRefusedPullFailsTheBuildWhenPullIsAskedEvenIfTheImageIsPresentLocally() {
        api().queryParam("repo", "localhost:5000/team/base").queryParam("tag", "v1").post("/images/busybox/tag")
                .then().statusCode(201);
        byte[] context = ContextTar.of("FROM localhost:5000/team/base:v1\nLABEL x=y\n").tar();
        // No credentials: the registry refuses the pull, and the classic builder fails rather than use the local copy.
        assertThat(api().contentType("application/x-tar").queryParam("pull", "1").body(context).post("/build")
                .asString()).contains("errorDetail").contains("no basic auth credentials")
                .doesNotContain("Successfully built");
        // Without pull the local image serves.
        assertThat(api().contentType("application/x-tar").body(context).post("/build").asString())
                .contains("Successfully built");
    }
}
