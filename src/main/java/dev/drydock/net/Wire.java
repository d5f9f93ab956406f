package dev.drydock.net;

/**
 * What one TCP connection puts on the two interfaces it runs between, frame by frame as a capture would show it:
 * the three-way handshake, data cut into MSS-sized segments, delayed ACKs (one per two segments) and the FIN
 * exchange. Either side may be absent (the host end of a published port is no container's interface).
 *
 * <p>Everything is counted before the bytes move (a write counts before the peer can read it, a close before the
 * peer sees end-of-stream), so whoever observes the transfer's end also observes its counters; the FIN exchange
 * of both sides counts once, when either side closes first.
 *
 * <p>Sizes are Ethernet frames as the interface statistics count them: 14 bytes Ethernet, 20 IPv4, 32 TCP with
 * timestamps (40 with the SYN options).
 */
final class Wire {
    /** The payload of one segment on a 1500-byte MTU with TCP timestamps. */
    static final int MSS = 1448;
    static final int HEADERS = 14 + 20 + 32;
    static final int SYN = 14 + 20 + 40;

    private final InterfaceCounters client;
    private final InterfaceCounters server;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    Wire(InterfaceCounters client, InterfaceCounters server) {
        this.client = client;
        this.server = server;
    }

    /** SYN, SYN-ACK, ACK. */
    void handshake() {
        add(client, server, 1, SYN);
        add(server, client, 1, SYN);
        add(client, server, 1, HEADERS);
    }

    /** {@code n} payload bytes from one side to the other, and the ACKs that come back. */
    void data(boolean fromClient, long n) {
        if (n <= 0) {
            return;
        }
        InterfaceCounters from = fromClient ? client : server;
        InterfaceCounters to = fromClient ? server : client;
        long segments = (n + MSS - 1) / MSS;
        add(from, to, segments, n + segments * HEADERS);
        long acks = (segments + 1) / 2;
        add(to, from, acks, acks * HEADERS);
    }

    /** A SYN to a port nobody listens on and the RST that refuses it (20 bytes of TCP header, no options). */
    void refused() {
        add(client, server, 1, SYN);
        add(server, client, 1, 14 + 20 + 20);
    }

    /** Both sides' FIN and ACK, once per connection, whichever side closes first. */
    void teardown() {
        if (closed.compareAndSet(false, true)) {
            fin(true);
            fin(false);
        }
    }

    /** One side's FIN and the peer's ACK of it. */
    private void fin(boolean fromClient) {
        InterfaceCounters from = fromClient ? client : server;
        InterfaceCounters to = fromClient ? server : client;
        add(from, to, 1, HEADERS);
        add(to, from, 1, HEADERS);
    }

    /** Frames leaving {@code from} and arriving at {@code to} (the same counters for loopback: both apply). */
    private static void add(InterfaceCounters from, InterfaceCounters to, long packets, long bytes) {
        if (from != null) {
            from.sent(packets, bytes);
        }
        if (to != null) {
            to.received(packets, bytes);
        }
    }
}
