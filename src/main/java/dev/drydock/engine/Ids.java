package dev.drydock.engine;

import java.util.HexFormat;
import java.util.Random;

/**
 * The source of every generated identifier: 64-hex object IDs and Docker-style random names.
 *
 * <p>Seeded, so a test that fixes the seed gets the same IDs on every run.
 */
public final class Ids {
    private Random random;
    private final boolean seeded;

    /** IDs and names from a fixed seed: the same sequence on every run. */
    public Ids(long seed) {
        this(seed, true);
    }

    private Ids(long seed, boolean seeded) {
        this.random = new Random(seed);
        this.seeded = seeded;
    }

    /** Seeded from the system's entropy: IDs differ between runs, as a real daemon's do. */
    public static Ids random() {
        return new Ids(new java.security.SecureRandom().nextLong(), false);
    }

    /** True when built from a fixed seed (the sequence is reproducible). */
    public boolean seeded() {
        return seeded;
    }

    /** Where the sequence stands now, to {@link #rewind} to later. */
    public synchronized Mark mark() {
        return new Mark(copy(random));
    }

    /** Continues the sequence from a mark: a reset daemon then draws the IDs a fresh one would. */
    public synchronized void rewind(Mark mark) {
        this.random = copy(mark.state);
    }

    /** A position in the sequence. */
    public static final class Mark {
        private final Random state;

        private Mark(Random state) {
            this.state = state;
        }
    }

    /** A Random that continues exactly where {@code r} stands (serialization carries its internal seed). */
    private static Random copy(Random r) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(r);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (Random) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot copy the ID sequence", e);
        }
    }

    /** A new 64-hex-digit ID, as Docker uses for containers, execs, networks and volumes. */
    public synchronized String newId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A random number in [0, bound), from the same seeded sequence. */
    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A daemon-style swarm-less engine ID: twelve groups of four base32 characters. */
    public synchronized String newEngineId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 12; g++) {
            if (g > 0) {
                sb.append(':');
            }
            for (int i = 0; i < 4; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }
}
