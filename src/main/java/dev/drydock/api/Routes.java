package dev.drydock.api;

import dev.drydock.engine.Engine;
import dev.drydock.stream.StreamExecutor;

import java.util.List;

/** The one place that lists every Engine API resource. */
public final class Routes {
    private Routes() {
    }

    /** Registers every resource's routes on the table. */
    public static void registerAll(RouteTable table, Engine engine, StreamExecutor streams) {
        List<ApiResource> resources = List.of(
                new SystemApi(engine),
                new EventsApi(engine, streams),
                new ImagesApi(engine, streams),
                new BuildApi(engine, streams),
                new ContainersApi(engine, streams),
                new ContainerStreamsApi(engine, streams),
                new ContainerStatsApi(engine, streams),
                new ContainerFilesApi(engine, streams),
                new ExecApi(engine.execs(), streams),
                new NetworksApi(engine),
                new SwarmApi(engine),
                new VolumesApi(engine));
        resources.forEach(r -> r.register(table));
    }
}
