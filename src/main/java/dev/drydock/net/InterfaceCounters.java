package dev.drydock.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One interface's packet and byte counters, as the kernel keeps them in {@code /sys/class/net/IF/statistics}:
 * they only grow while the interface exists (a container's restart or reconnect makes a new one).
 */
public final class InterfaceCounters {
    private final AtomicLong rxBytes = new AtomicLong();
    private final AtomicLong rxPackets = new AtomicLong();
    private final AtomicLong txBytes = new AtomicLong();
    private final AtomicLong txPackets = new AtomicLong();

    /** Frames that left through this interface. */
    public void sent(long packets, long bytes) {
        txPackets.addAndGet(packets);
        txBytes.addAndGet(bytes);
    }

    /** Frames that arrived on this interface. */
    public void received(long packets, long bytes) {
        rxPackets.addAndGet(packets);
        rxBytes.addAndGet(bytes);
    }

    /** The counters at this instant. */
    public Snapshot snapshot() {
        return new Snapshot(rxBytes.get(), rxPackets.get(), txBytes.get(), txPackets.get());
    }

    /** Counter values read together. */
    public record Snapshot(long rxBytes, long rxPackets, long txBytes, long txPackets) {
        /** An interface nothing went through. */
        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0);
    }
}
