package dev.drydock.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /auth}: {@code docker login}'s check. */
public abstract class AuthContract extends HostContract {

    @Test
    void acceptedCredentialsAnswerLoginSucceeded() {
        if (!target.isDrydock()) {
            // A real Engine checks the credentials with the registry, and no registry is reachable from here.
            skipBecause("POST /auth needs a reachable registry on a real Engine");
        }
        HostResponse r = client.post("/auth", "{\"username\":\"contract\",\"password\":\"secret\","
                + "\"serveraddress\":\"https://index.docker.io/v1/\"}");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(assertJsonConforms("POST", "/auth", r).path("Status").asText()).isEqualTo("Login Succeeded");
    }
}
