package dev.drydock.examples;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * "User code" for the examples: what an application might do with docker-java before relying on a daemon. It
 * knows nothing of Drydock; the tests next to it show how Drydock makes its failure paths testable.
 */
public final class DaemonHealthCheck {
    private final DockerClient docker;
    private final Duration backoff;

    public DaemonHealthCheck(DockerClient docker, Duration backoff) {
        this.docker = docker;
        this.backoff = backoff;
    }

    /** Pings until the daemon answers, up to {@code attempts} times; returns how many pings it took. */
    public int awaitReady(int attempts) throws InterruptedException {
        RuntimeException last = null;
        for (int i = 1; i <= attempts; i++) {
            try {
                docker.pingCmd().exec();
                return i;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(backoff.toMillis());
            }
        }
        throw new IllegalStateException("daemon not ready after " + attempts + " pings", last);
    }

    /** A one-line description of the daemon, e.g. {@code Docker 29.7.2 (API 1.55, linux/amd64)}. */
    public String describe() {
        Version v = docker.versionCmd().exec();
        return "Docker " + v.getVersion() + " (API " + v.getApiVersion() + ", " + v.getOperatingSystem() + "/"
                + v.getArch() + ")";
    }

    /** The container events between two instants, e.g. for an audit log. */
    public List<String> containerEvents(Instant since, Instant until) throws InterruptedException {
        List<String> out = new ArrayList<>();
        docker.eventsCmd()
                .withSince(String.valueOf(since.getEpochSecond()))
                .withUntil(String.valueOf(until.getEpochSecond()))
                .withEventTypeFilter("container")
                .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) {
                        out.add(e.getAction() + " " + e.getActor().getAttributes().get("name"));
                    }
                })
                .awaitCompletion(30, TimeUnit.SECONDS);
        return out;
    }
}
