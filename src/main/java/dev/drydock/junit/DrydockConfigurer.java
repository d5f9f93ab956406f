package dev.drydock.junit;

import dev.drydock.DrydockConfig;

/** Adjusts the configuration of a {@link DrydockTest} server beyond what the annotation's attributes cover. */
@FunctionalInterface
public interface DrydockConfigurer {
    void configure(DrydockConfig.Builder builder);

    /** The default: no change. */
    final class None implements DrydockConfigurer {
        @Override
        public void configure(DrydockConfig.Builder builder) {
        }
    }
}
