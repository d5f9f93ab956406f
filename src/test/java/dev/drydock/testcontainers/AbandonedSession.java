package dev.drydock.testcontainers;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers session that dies without cleaning up (run in a child JVM by {@link RyukReapsAbandonedSessionTest}):
 * it starts a container and a network, prints their IDs and halts, as a killed test JVM would.
 */
public final class AbandonedSession {
    private AbandonedSession() {
    }

    @SuppressWarnings("resource")
    public static void main(String[] args) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("busybox:latest")).withCommand("sleep", "1000");
        c.start();
        Network n = Network.newNetwork();
        System.out.println("SESSION " + DockerClientFactory.SESSION_ID);
        System.out.println("CONTAINER " + c.getContainerId());
        System.out.println("NETWORK " + n.getId());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
