package dev.drydock.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.ImageConfig;
import dev.drydock.engine.containers.ContainerStatus;

import java.util.List;
import java.util.Map;

/**
 * A validated seed (see {@link Seed} for the format): what {@link Seeder} creates, in order. Every definition
 * keeps the name of the field it came from ({@code containers[2]}) so a failure while applying names it too.
 * Times stay as written (RFC 3339, Unix seconds, or a duration ago) and are read against the clock when applied.
 */
record SeedPlan(String clock, List<ImageDef> images, List<NetworkDef> networks, List<VolumeDef> volumes,
                List<ContainerDef> containers) {

    /** A file to write: its bytes and mode. */
    record FileDef(byte[] content, int mode) {
    }

    /**
     * An image: pulled (catalog or, in the default registry mode, any reference) when {@code defined} is false;
     * otherwise built on {@code from} (null: scratch) with {@code files} as one layer and {@code config}.
     */
    record ImageDef(String field, String ref, boolean defined, String from, Map<String, FileDef> files,
                    ImageConfig config) {
    }

    record NetworkDef(String field, String name, String driver, boolean internal, String subnet, String gateway,
                      Map<String, String> labels) {
    }

    record VolumeDef(String field, String name, Map<String, String> labels, Map<String, FileDef> files) {
    }

    /** A container: its create body, then the state to put it in. */
    record ContainerDef(String field, String name, String image, ObjectNode body, ContainerStatus state, int exitCode,
                        String created, String startedAt, String finishedAt) {
    }
}
