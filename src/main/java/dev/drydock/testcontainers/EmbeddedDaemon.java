package dev.drydock.testcontainers;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;

import java.net.URI;
import java.util.Optional;

/**
 * The one Drydock per JVM that Testcontainers talks to, started on first use and closed at JVM exit.
 *
 * <p>Testcontainers keeps one Docker client per JVM (its {@code DockerClientFactory} is a singleton), so the
 * daemon behind it has the same lifetime; Drydock itself keeps no static state.
 */
public final class EmbeddedDaemon {
    private static final Object LOCK = new Object();
    private static Drydock daemon;

    private EmbeddedDaemon() {
    }

    /** The daemon, started now if this is the first call: TCP on a free loopback port plus a Unix socket. */
    public static Drydock get() {
        synchronized (LOCK) {
            if (daemon == null) {
                // Published ports stay on loopback: Testcontainers reaches them through 127.0.0.1.
                Drydock d = Drydock.start(DrydockConfig.builder().portBindAddress("127.0.0.1").build());
                Runtime.getRuntime().addShutdownHook(new Thread(d::close, "drydock-testcontainers-shutdown"));
                daemon = d;
            }
            return daemon;
        }
    }

    /** The daemon if it was started, without starting it. */
    public static Optional<Drydock> ifStarted() {
        synchronized (LOCK) {
            return Optional.ofNullable(daemon);
        }
    }

    /** The TCP Docker host ({@code tcp://127.0.0.1:PORT}). */
    public static URI tcpUri() {
        return get().tcpUri();
    }
}
