package dev.drydock.bench;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.Filters;
import dev.drydock.engine.ImageService;

import java.util.Locale;

/**
 * Server-side cost of image work in an embedded Drydock's engine (no HTTP): a first catalog pull (nginx),
 * repeated pulls of an image already present (busybox), tagging it 1,000 times, and listing the images
 * with those 1,001 tags. Part of {@link ApiBenchmark}'s report when it measures an embedded Drydock.
 */
final class ImageCatalogBenchmark {
    private static final int REPULLS = 20;
    private static final int TAGS = 1000;
    private static final int LISTINGS = 5;

    private ImageCatalogBenchmark() {
    }

    static void run() {
        try (Drydock d = Drydock.start(DrydockConfig.defaults())) {
            ImageService images = d.engine().images();
            long t0 = System.nanoTime();
            images.planPull("nginx", "latest", null, null).forEach(images::completePull);
            long t1 = System.nanoTime();
            for (int i = 0; i < REPULLS; i++) {
                images.planPull("busybox", "latest", null, null).forEach(images::completePull);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < TAGS; i++) {
                images.tag("busybox", "many/img" + i, "v1");
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < LISTINGS; i++) {
                images.summaries(images.list(Filters.empty(), false), false);
            }
            long t4 = System.nanoTime();
            System.out.printf(Locale.ROOT, "image catalog (engine, no HTTP): first nginx pull %d ms, busybox pull avg"
                    + " %.2f ms, %d tags %d ms, listing with %d tags avg %.2f ms%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / (REPULLS * 1e6), TAGS, (t3 - t2) / 1_000_000, TAGS + 1,
                    (t4 - t3) / (LISTINGS * 1e6));
        }
    }
}
