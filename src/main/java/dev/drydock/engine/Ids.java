package dev.drydock.engine;

import java.util.HexFormat;
import java.util.Random;

/**
 * The source of every generated identifier: 64-hex object IDs and Docker-style random names.
 *
 * <p>Seeded, so a test that fixes the seed gets the same IDs on every run.
 */
public final class Ids {
    private final Random random;

    public Ids(long seed) {
        this.random = new Random(seed);
    }

    /** Seeded from the system's entropy: IDs differ between runs, as a real daemon's do. */
    public static Ids random() {
        return new Ids(new java.security.SecureRandom().nextLong());
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
