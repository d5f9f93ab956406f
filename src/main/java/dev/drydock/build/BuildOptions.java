package dev.drydock.build;

import dev.drydock.registry.AuthConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code POST /build} asks for.
 *
 * @param dockerfile  the Dockerfile's path inside the context ("Dockerfile" when empty)
 * @param tags        the {@code t} references to tag the result with
 * @param quiet       {@code q}: print only the image ID
 * @param noCache     {@code nocache}: never reuse a cached step
 * @param pull        {@code pull}: pull FROM images even when present locally
 * @param rm          {@code rm}: report intermediate containers removed after successful steps
 * @param forceRm     {@code forcerm}: remove them even after a failure
 * @param buildArgs   {@code buildargs}: a null value takes nothing (as Docker's {@code --build-arg NAME} with no
 *                    value in the client's environment)
 * @param labels      {@code labels} added to the final image
 * @param target      the stage to stop at, or null for the last
 * @param platform    the requested platform, or null
 * @param networkMode accepted for the RUN steps (the simulated runtime has one loopback network per step)
 * @param extraHosts  accepted ({@code host:ip} entries for the RUN steps)
 * @param cacheFrom   images whose steps may serve as cache
 * @param auths       credentials per registry from {@code X-Registry-Config}
 */
public record BuildOptions(String dockerfile, List<String> tags, boolean quiet, boolean noCache, boolean pull,
                           boolean rm, boolean forceRm, Map<String, String> buildArgs, Map<String, String> labels,
                           String target, String platform, String networkMode, List<String> extraHosts,
                           List<String> cacheFrom, Map<String, AuthConfig> auths) {
    public BuildOptions {
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
        tags = List.copyOf(tags);
        buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        target = target == null || target.isEmpty() ? null : target;
        platform = platform == null || platform.isEmpty() ? null : platform;
        extraHosts = List.copyOf(extraHosts);
        cacheFrom = List.copyOf(cacheFrom);
        auths = Map.copyOf(auths);
    }

    /** Defaults: Dockerfile, no tags, rm on. */
    public static BuildOptions defaults() {
        return new BuildOptions(null, List.of(), false, false, false, true, false, Map.of(), Map.of(), null, null,
                null, List.of(), List.of(), Map.of());
    }

    /** The credentials for a registry host, or none. */
    public AuthConfig authFor(String registryHost) {
        AuthConfig a = auths.get(registryHost);
        if (a == null && registryHost.equals("docker.io")) {
            a = auths.get("https://index.docker.io/v1/");
        }
        return a == null ? AuthConfig.NONE : a;
    }
}
