package dev.drydock.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** docker-java's image commands against Drydock. */
class ImagesDockerJavaTest {
    @Test
    void pullListInspectTagRemoveSaveLoad() throws Exception {
        try (Drydock drydock = Drydock.start(DrydockConfig.builder().host("tcp://127.0.0.1:0").build())) {
            var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost("tcp://127.0.0.1:" + drydock.port()).build();
            var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
            try (DockerClient client = DockerClientImpl.getInstance(config, http)) {
                List<PullResponseItem> items = new CopyOnWriteArrayList<>();
                client.pullImageCmd("postgres").withTag("16-alpine").exec(new ResultCallback.Adapter<PullResponseItem>() {
                    @Override
                    public void onNext(PullResponseItem item) {
                        items.add(item);
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
                assertThat(items).anyMatch(i -> "Pull complete".equals(i.getStatus()));
                assertThat(items.get(items.size() - 1).getStatus())
                        .isEqualTo("Status: Downloaded newer image for postgres:16-alpine");

                List<Image> list = client.listImagesCmd().exec();
                assertThat(list).hasSize(1);
                assertThat(list.get(0).getRepoTags()).containsExactly("postgres:16-alpine");

                var inspect = client.inspectImageCmd("postgres:16-alpine").exec();
                assertThat(inspect.getConfig().getEntrypoint()).containsExactly("docker-entrypoint.sh");
                assertThat(inspect.getConfig().getEnv()).contains("PG_MAJOR=16");
                assertThat(inspect.getRepoDigests()).hasSize(1);

                client.tagImageCmd("postgres:16-alpine", "my/pg", "v1").exec();
                client.tagImageCmd("postgres:16-alpine", "their/pg", "v1").exec();
                assertThrows(ConflictException.class, () -> client.removeImageCmd(inspect.getId()).exec());
                client.removeImageCmd("their/pg:v1").exec();
                assertThrows(NotFoundException.class, () -> client.inspectImageCmd("their/pg:v1").exec());

                byte[] archive;
                try (InputStream in = client.saveImageCmd("my/pg").withTag("v1").exec()) {
                    archive = in.readAllBytes();
                }
                client.removeImageCmd(inspect.getId()).withForce(true).exec();
                assertThat(client.listImagesCmd().exec()).isEmpty();
                client.loadImageCmd(new java.io.ByteArrayInputStream(archive)).exec();
                assertThat(client.inspectImageCmd("my/pg:v1").exec().getId()).isEqualTo(inspect.getId());
            }
        }
    }
}
