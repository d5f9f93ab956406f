package dev.drydock.engine.containers;

import dev.drydock.engine.EngineException;

import java.util.regex.Pattern;

/** The little of image reference syntax containers need: validation and the name errors show. */
final class ImageRefs {
    private static final Pattern REF = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\\w][\\w.-]{0,127})?(?:@[a-z0-9]+:[a-f0-9]{32,})?");

    private ImageRefs() {
    }

    /** Docker's 400 for a malformed reference. */
    static void validate(String ref) {
        if (ref.startsWith("sha256:") || REF.matcher(ref).matches()) {
            return;
        }
        String name = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            throw EngineException.badRequest("invalid reference format: repository name must be lowercase");
        }
        throw EngineException.badRequest("invalid reference format");
    }

    /** The familiar form Docker's "No such image" shows: a default {@code :latest} tag added. */
    static String familiar(String ref) {
        if (ref.startsWith("sha256:") || ref.contains("@")) {
            return ref;
        }
        String r = ref.startsWith("docker.io/library/") ? ref.substring("docker.io/library/".length()) : ref;
        int colon = r.lastIndexOf(':');
        return colon > r.lastIndexOf('/') ? r : r + ":latest";
    }
}
