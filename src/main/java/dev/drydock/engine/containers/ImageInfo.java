package dev.drydock.engine.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * What a container needs to know about its image.
 *
 * @param id         the image ID, {@code sha256:...}
 * @param reference  the normalized reference the caller asked for ({@code busybox:latest}), for events and errors
 * @param config     the image's container config as Docker stores it (Env, Cmd, Entrypoint, WorkingDir, User,
 *                   Labels, ExposedPorts, Volumes, StopSignal, Healthcheck, ...); never null
 * @param layers     the read-only layer directories (OCI whiteouts), lowest first; shared, never copied
 * @param os         the image's OS ("linux")
 * @param size       the image's size in bytes (SizeRootFs)
 */
public record ImageInfo(String id, String reference, ObjectNode config, List<Path> layers, String os, long size) {
    public ImageInfo {
        layers = List.copyOf(layers);
    }
}
