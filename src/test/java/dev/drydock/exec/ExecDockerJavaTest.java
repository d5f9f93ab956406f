package dev.drydock.exec;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * docker-java's exec commands, in the shape Testcontainers' {@code execInContainer} uses them: exec with
 * stdout/stderr attached, a callback collecting the frames, then inspect for the exit code.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecDockerJavaTest {
    static Drydock d;
    static DockerClient client;
    static String box;

    @BeforeAll
    static void start() {
        d = ExecTestSupport.start();
        box = ExecTestSupport.runSleeper(d, "jbox");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("tcp://127.0.0.1:" + d.port()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build();
        client = DockerClientImpl.getInstance(config, http);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (d != null) {
            d.close();
        }
    }

    /** Collects stdout and stderr separately, as Testcontainers' ToStringConsumer pair does. */
    static final class Collect extends ResultCallback.Adapter<Frame> {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        @Override
        public void onNext(Frame frame) {
            (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void execInContainerShape() throws Exception {
        String id = client.execCreateCmd(box).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", "echo to-out; echo to-err >&2; exit 5").exec().getId();
        Collect c = client.execStartCmd(id).exec(new Collect());
        assertThat(c.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.out()).isEqualTo("to-out\n");
        assertThat(c.err()).isEqualTo("to-err\n");
        InspectExecResponse inspect = client.inspectExecCmd(id).exec();
        assertThat(inspect.getExitCodeLong()).isEqualTo(5L);
        assertThat(inspect.isRunning()).isFalse();
        assertThat(inspect.getContainerID()).isEqualTo(box);
    }

    @Test
    void envWorkingDirUserAndTty() throws Exception {
        String id = client.execCreateCmd(box).withAttachStdout(true).withEnv(java.util.List.of("X=42"))
                .withWorkingDir("/tmp").withUser("nobody").withCmd("sh", "-c", "echo $X $(pwd) $(id -u)").exec()
                .getId();
        Collect c = client.execStartCmd(id).exec(new Collect());
        assertThat(c.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.out()).isEqualTo("42 /tmp 65534\n");

        String tty = client.execCreateCmd(box).withAttachStdout(true).withTty(true).withCmd("echo", "raw").exec()
                .getId();
        Collect t = client.execStartCmd(tty).withTty(true).exec(new Collect());
        assertThat(t.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
        assertThat(t.out()).isEqualTo("raw\r\n");
    }

    /** docker-java never half-closes stdin, so (as against a real daemon) the command reads a line and ends. */
    @Test
    void stdinIsForwarded() throws Exception {
        String id = client.execCreateCmd(box).withAttachStdin(true).withAttachStdout(true)
                .withCmd("sh", "-c", "read line; echo got $line").exec().getId();
        Collect c = client.execStartCmd(id)
                .withStdIn(new ByteArrayInputStream("piped\n".getBytes(StandardCharsets.UTF_8))).exec(new Collect());
        assertThat(c.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.out()).isEqualTo("got piped\n");
        assertThat(client.inspectExecCmd(id).exec().getExitCodeLong()).isZero();
    }

    @Test
    void missingThingsAreNotFoundAndStoppedContainersConflict() {
        assertThrows(NotFoundException.class, () -> client.inspectExecCmd("nonexistent").exec());
        assertThrows(NotFoundException.class, () -> client.execCreateCmd("nosuchbox").withCmd("true").exec());
        String stopped = client.createContainerCmd("busybox").withCmd("true").exec().getId();
        assertThrows(ConflictException.class, () -> client.execCreateCmd(stopped).withCmd("true").exec());
    }
}
