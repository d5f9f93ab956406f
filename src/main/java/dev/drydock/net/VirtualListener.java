package dev.drydock.net;

/** An open listening port of a container. */
public interface VirtualListener extends AutoCloseable {
    int port();

    /** Stops listening; idempotent. */
    @Override
    void close();
}
