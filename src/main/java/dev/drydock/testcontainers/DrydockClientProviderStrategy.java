package dev.drydock.testcontainers;

import java.net.URI;
import java.util.Locale;

import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.InvalidConfigurationException;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Points Testcontainers at an embedded Drydock (one per JVM, started on demand) instead of a real Docker.
 *
 * <p>Registered through {@code ServiceLoader}, but it never takes over silently: it applies only when enabled by
 * one of
 * <ul>
 *   <li>{@code drydock.enabled=true} in a {@code testcontainers.properties} on the test classpath (the
 *       project-wide switch), in {@code ~/.testcontainers.properties}, or env {@code TESTCONTAINERS_DRYDOCK_ENABLED=true};</li>
 *   <li>{@code docker.client.strategy=dev.drydock.testcontainers.DrydockClientProviderStrategy} in
 *       {@code ~/.testcontainers.properties} or env {@code TESTCONTAINERS_DOCKER_CLIENT_STRATEGY};</li>
 *   <li>system property {@code drydock.testcontainers=true} or env {@code DRYDOCK_TESTCONTAINERS=true}.</li>
 * </ul>
 * Once enabled it outranks Testcontainers' own discovery (Unix socket, Docker Desktop, ...). An explicit
 * {@code DOCKER_HOST} or {@code tc.host} still wins, as Testcontainers always tries those first.
 *
 * <p>The Docker host is {@code tcp://127.0.0.1:PORT}: for a tcp host Testcontainers takes the host address from
 * the URI, so it never starts a helper container to find it, even where {@code /.dockerenv} exists.
 */
public final class DrydockClientProviderStrategy extends DockerClientProviderStrategy {
    /** System property that enables the strategy. */
    public static final String SYSTEM_PROPERTY = "drydock.testcontainers";
    /** Environment variable that enables the strategy. */
    public static final String ENV = "DRYDOCK_TESTCONTAINERS";
    /** Testcontainers configuration key (classpath or user {@code testcontainers.properties}) that enables it. */
    public static final String PROPERTY = "drydock.enabled";

    /** Above every built-in strategy (theirs are at most 100). */
    static final int PRIORITY = 1_000_000;

    @Override
    public String getDescription() {
        return "Drydock (embedded simulated Docker daemon at " + EmbeddedDaemon.tcpUri() + ")";
    }

    @Override
    protected boolean isApplicable() {
        return isEnabled();
    }

    /** True when one of the documented switches is on. */
    public static boolean isEnabled() {
        if (truthy(System.getProperty(SYSTEM_PROPERTY)) || truthy(System.getenv(ENV))) {
            return true;
        }
        TestcontainersConfiguration tc = TestcontainersConfiguration.getInstance();
        return truthy(tc.getEnvVarOrProperty(PROPERTY, null))
                || DrydockClientProviderStrategy.class.getName().equals(tc.getDockerClientStrategyClassName());
    }

    private static boolean truthy(String v) {
        return v != null && v.trim().toLowerCase(Locale.ROOT).equals("true");
    }

    /** Never written to {@code ~/.testcontainers.properties}: the daemon lives only as long as this JVM. */
    @Override
    protected boolean isPersistable() {
        return false;
    }

    @Override
    protected int getPriority() {
        return PRIORITY;
    }

    @Override
    public TransportConfig getTransportConfig() throws InvalidConfigurationException {
        return TransportConfig.builder().dockerHost(EmbeddedDaemon.tcpUri()).build();
    }

    /** The daemon's Unix socket: what Ryuk's container gets mounted as /var/run/docker.sock. */
    @Override
    public String getRemoteDockerUnixSocketPath() {
        return EmbeddedDaemon.get().unixUri().map(URI::getPath).orElse("/var/run/docker.sock");
    }
}
