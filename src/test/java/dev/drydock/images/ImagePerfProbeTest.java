package dev.drydock.images;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Filters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-side cost of a catalog pull and of listing many images (the benchmark targets, loosely bounded). */
class ImagePerfProbeTest {
    @Test
    void pullAndListAreFast() {
        long t0 = System.nanoTime();
        try (Drydock d = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build())) {
            long t1 = System.nanoTime();
            var images = d.engine().images();
            images.planPull("nginx", "latest", null, null).forEach(images::completePull);
            long t2 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                images.planPull("busybox", "latest", null, null).forEach(images::completePull);
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                images.tag("busybox", "many/img" + i, "v1");
            }
            long t4 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                images.summaries(images.list(Filters.empty(), false), false);
            }
            long t5 = System.nanoTime();
            System.out.printf("start %d ms, first nginx pull %d ms, busybox pull avg %.2f ms, 1000 tags %d ms, list avg %.2f ms%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 20e6, (t4 - t3) / 1_000_000, (t5 - t4) / 5e6);
            assertThat(images.count()).isEqualTo(2);
            var rows = images.summaries(images.list(Filters.empty(), false), false);
            assertThat(rows).anySatisfy(r -> assertThat((java.util.List<?>) r.get("RepoTags")).hasSize(1001));
        }
    }
}
