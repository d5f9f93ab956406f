package dev.drydock.registry;

/**
 * Registry credentials as a client sends them in {@code X-Registry-Auth}.
 *
 * @param username      the user, or null
 * @param password      the password, or null
 * @param serverAddress the registry the credentials are for, or null
 * @param identityToken a token instead of a password, or null
 */
public record AuthConfig(String username, String password, String serverAddress, String identityToken) {
    /** No credentials at all. */
    public static final AuthConfig NONE = new AuthConfig(null, null, null, null);

    public boolean isEmpty() {
        return (username == null || username.isEmpty()) && (identityToken == null || identityToken.isEmpty());
    }
}
