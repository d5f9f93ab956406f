package dev.drydock.engine;

/**
 * What a state reset keeps.
 *
 * @param keepImages keep pulled, built and loaded images (resetting everything else)
 */
public record ResetOptions(boolean keepImages) {
    /** Forget everything. */
    public static ResetOptions everything() {
        return new ResetOptions(false);
    }

    /** Forget everything but images. */
    public static ResetOptions keepingImages() {
        return new ResetOptions(true);
    }
}
