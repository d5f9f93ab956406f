package dev.drydock.junit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.net.URI;
import java.time.Duration;

/**
 * Builds docker-java clients. Only loaded when docker-java is on the classpath (checked first by
 * {@link DrydockExtension}), so the extension works without it.
 */
final class DockerJavaClients {
    static final String CLIENT_TYPE = "com.github.dockerjava.api.DockerClient";

    private DockerJavaClients() {
    }

    /** True when docker-java and its httpclient5 transport can be loaded. */
    static boolean available(ClassLoader loader) {
        try {
            Class.forName(CLIENT_TYPE, false, loader);
            Class.forName("com.github.dockerjava.core.DockerClientImpl", false, loader);
            Class.forName("com.github.dockerjava.httpclient5.ApacheDockerHttpClient", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static DockerClient create(URI dockerHost) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost.toString())
                .withDockerTlsVerify(false)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
