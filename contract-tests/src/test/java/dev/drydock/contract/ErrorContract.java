package dev.drydock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error shapes: {@code {"message": ...}} with Content-Type exactly {@code application/json} (the Go client
 * ignores the body otherwise), and the messages clients match on. Contracts for routes a target does not serve
 * yet are skipped on it until they are.
 */
public abstract class ErrorContract extends HostContract {
    private static final String MISSING = "drydock-contract-missing";

    private String assertError(HostResponse r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("Content-Type of a %d", status).contains("application/json");
        JsonNode body = r.json();
        assertThat(SPEC.componentSchema("ErrorResponse").validate(body)).as("ErrorResponse shape of %s", r).isEmpty();
        return body.path("message").asText();
    }

    @Test
    void unknownRouteIsPageNotFound() {
        assertThat(assertError(client.get("/drydock/contract/no-such-route"), 404)).isEqualTo("page not found");
    }

    @Test
    void unknownRouteUnderAVersionPrefixIsPageNotFound() {
        assertThat(assertError(client.get("/v" + apiVersion() + "/drydock/contract/no-such-route"), 404))
                .isEqualTo("page not found");
    }

    @Test
    void knownPathWithAnUnservedMethodIsPageNotFound() {
        assertThat(assertError(client.delete("/_ping"), 404)).isEqualTo("page not found");
    }

    @Test
    void unknownContainer() {
        assumeServed("GET", "/containers/{id}/json");
        assertThat(assertError(client.get("/containers/" + MISSING + "/json"), 404))
                .isEqualTo("No such container: " + MISSING);
    }

    @Test
    void unknownImage() {
        assumeServed("GET", "/images/{name}/json");
        // Engine 20.10 prefixes "no such image: NAME: "; newer Engines send only the part clients match.
        assertThat(assertError(client.get("/images/" + MISSING + "/json"), 404))
                .endsWith("No such image: " + MISSING + ":latest");
    }

    @Test
    void unknownVolume() {
        assumeServed("GET", "/volumes/{name}");
        assertThat(assertError(client.get("/volumes/" + MISSING), 404))
                .isEqualTo("get " + MISSING + ": no such volume");
    }

    @Test
    void unknownNetwork() {
        assumeServed("GET", "/networks/{id}");
        assertThat(assertError(client.get("/networks/" + MISSING), 404))
                .isEqualTo("network " + MISSING + " not found");
    }

    @Test
    void unknownExecInstance() {
        assumeServed("GET", "/exec/{id}/json");
        assertThat(assertError(client.get("/exec/" + MISSING + "/json"), 404))
                .isEqualTo("No such exec instance: " + MISSING);
    }
}
