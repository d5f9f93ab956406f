package dev.drydock.contract;

import java.net.URI;
import java.util.List;

/** A Docker host the contracts run against: an embedded Drydock or any real Engine. */
public interface ContractTarget extends AutoCloseable {
    /** A short name for messages: {@code drydock} or the remote host URI. */
    String name();

    /** The host the contracts talk to. */
    URI host();

    /** Every host URI the target answers on (an embedded Drydock has TCP and a Unix socket). */
    List<URI> hosts();

    /** True for the embedded Drydock. */
    boolean isDrydock();

    /**
     * True when the target serves {@code METHOD path} (path as in api-spec, e.g. {@code /containers/{id}/json}).
     * A real Engine serves every route; Drydock serves those its route table declares.
     */
    boolean serves(String method, String path);

    @Override
    void close();
}
