package dev.drydock.net;

import java.io.IOException;

/** Serves one accepted connection on a virtual listener; may block; the connection is closed after it returns. */
@FunctionalInterface
public interface ConnectionHandler {
    void handle(VirtualConnection connection) throws IOException;
}
