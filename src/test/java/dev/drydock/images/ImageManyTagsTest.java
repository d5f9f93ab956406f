package dev.drydock.images;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Filters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pulling an image again adds none, and one image tagged 1,000 times lists with all its tags. */
class ImageManyTagsTest {
    @Test
    void repullsAddNoImageAndOneImageListsAllItsTags() {
        try (Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build())) {
            var images = d.engine().images();
            images.planPull("nginx", "latest", null, null).forEach(images::completePull);
            for (int i = 0; i < 20; i++) {
                images.planPull("busybox", "latest", null, null).forEach(images::completePull);
            }
            for (int i = 0; i < 1000; i++) {
                images.tag("busybox", "many/img" + i, "v1");
            }
            assertThat(images.count()).isEqualTo(2);
            var rows = images.summaries(images.list(Filters.empty(), false), false);
            assertThat(rows).anySatisfy(r -> assertThat((java.util.List<?>) r.get("RepoTags")).hasSize(1001));
        }
    }
}
