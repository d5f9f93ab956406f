package dev.drydock.fs;

/** A mount specification Docker would reject; the message is the daemon's text, for a 400. */
public final class MountSpecException extends IllegalArgumentException {
    public MountSpecException(String message) {
        super(message);
    }
}
