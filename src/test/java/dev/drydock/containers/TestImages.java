package dev.drydock.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.engine.containers.ImageInfo;
import dev.drydock.engine.containers.ImageLookup;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images for container tests until the image store is wired: busybox, a labelled web image, an entrypoint one. */
final class TestImages {
    static final String BUSYBOX_ID = "sha256:" + "b".repeat(64);
    private static final ObjectMapper M = new ObjectMapper();

    private TestImages() {
    }

    static ImageLookup lookup() {
        Map<String, ImageInfo> images = Map.of(
                "busybox:latest", image(BUSYBOX_ID, "busybox:latest",
                        "{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],"
                                + "\"Cmd\":[\"sh\"]}"),
                "web:1", image("sha256:" + "c".repeat(64), "web:1",
                        "{\"Env\":[\"PATH=/bin\",\"MODE=prod\"],\"Cmd\":[\"serve\",\"--port\",\"80\"],"
                                + "\"Entrypoint\":[\"/entry.sh\"],\"WorkingDir\":\"/app\",\"User\":\"www\","
                                + "\"Labels\":{\"maintainer\":\"web team\",\"tier\":\"image\"},"
                                + "\"ExposedPorts\":{\"80/tcp\":{}},\"Volumes\":{\"/data\":{}},"
                                + "\"StopSignal\":\"SIGQUIT\"}"));
        return ref -> {
            String r = ref.contains(":") || ref.contains("@") ? ref : ref + ":latest";
            if (images.containsKey(r)) {
                return Optional.of(images.get(r));
            }
            return images.values().stream().filter(i -> i.id().equals(ref)
                    || (ref.length() >= 4 && i.id().substring(7).startsWith(ref))).findFirst();
        };
    }

    private static ImageInfo image(String id, String ref, String config) {
        try {
            return new ImageInfo(id, ref, (ObjectNode) M.readTree(config), List.of(), "linux", 4_261_574);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
