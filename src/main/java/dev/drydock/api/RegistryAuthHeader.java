package dev.drydock.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.registry.AuthConfig;

import java.util.Base64;

/** Decodes {@code X-Registry-Auth}: base64url JSON with username, password, serveraddress, identitytoken. */
final class RegistryAuthHeader {
    private RegistryAuthHeader() {
    }

    /** The credentials, or {@link AuthConfig#NONE} when absent or unreadable (Docker then acts anonymously). */
    static AuthConfig decode(String header) {
        if (header == null || header.isBlank()) {
            return AuthConfig.NONE;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(pad(header.trim()));
        } catch (IllegalArgumentException e) {
            try {
                raw = Base64.getDecoder().decode(pad(header.trim()));
            } catch (IllegalArgumentException e2) {
                return AuthConfig.NONE;
            }
        }
        try {
            JsonNode n = Json.MAPPER.readTree(raw);
            if (n == null || !n.isObject()) {
                return AuthConfig.NONE;
            }
            return new AuthConfig(text(n, "username"), text(n, "password"), text(n, "serveraddress"),
                    text(n, "identitytoken"));
        } catch (java.io.IOException e) {
            return AuthConfig.NONE;
        }
    }

    private static String pad(String s) {
        int rem = s.length() % 4;
        return rem == 0 ? s : s + "=".repeat(4 - rem);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
