package dev.drydock.testing;

import dev.drydock.DrydockConfig;
import dev.drydock.api.ApiResource;
import dev.drydock.engine.Engine;
import dev.drydock.engine.EngineConfig;
import dev.drydock.engine.Ids;
import dev.drydock.server.HttpServer;
import dev.drydock.server.ListenAddress;
import dev.drydock.stream.StreamExecutor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Servers with a test's own routes next to the Engine API, on a free TCP port and a Unix socket. */
public final class TestServers {
    private TestServers() {
    }

    /** Starts a server with the extra resources; the caller closes it. */
    public static HttpServer withRoutes(List<Function<StreamExecutor, ApiResource>> extra) throws IOException {
        Path dir = Files.createTempDirectory("drydock-test-");
        DrydockConfig config = DrydockConfig.builder().build();
        Engine engine = new Engine(new EngineConfig(config.engineVersion(), config.apiVersion(),
                config.minApiVersion(), Clock.systemUTC(), new Ids(1), false, 100, Map.of()));
        return HttpServer.start(config, engine, List.of(ListenAddress.parse("tcp://127.0.0.1:0"),
                ListenAddress.parse("unix://" + dir.resolve("d.sock"))), extra);
    }
}
