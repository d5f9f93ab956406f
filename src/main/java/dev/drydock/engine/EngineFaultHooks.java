package dev.drydock.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where the engine asks the test-double side for planned failures and scripted health (the admin room implements
 * it; the default does nothing). Called on the request's thread; must be fast and must not block.
 */
public interface EngineFaultHooks {
    /** No faults. */
    EngineFaultHooks NONE = new EngineFaultHooks() {
    };

    /** A container as fault rules match it: image as given at create, name without its slash, labels, argv. */
    record ContainerFacts(String image, String name, Map<String, String> labels, List<String> argv) {
    }

    /** A pull that fails: with {@code inBand}, after the stream started (HTTP 200 then an errorDetail line). */
    record PullFailure(String message, boolean inBand) {
    }

    /** A running container's planned end: exit with a code (or OOM-killed, 137) after a delay (zero: at start). */
    record PlannedExit(int exitCode, boolean oomKilled, Duration after) {
    }

    /** One step of a scripted health status sequence: {@code status} from {@code after} since the start on. */
    record HealthStep(String status, Duration after) {
    }

    /** Before a pull of {@code image} (familiar form with tag, e.g. {@code acme/api:latest}); null to pull. */
    default PullFailure onPull(String image) {
        return null;
    }

    /** Before a container is created (its ID already chosen); null to create, or the error to answer with. */
    default EngineException onCreate(ContainerFacts container, String id) {
        return null;
    }

    /** When a container's process has started; null to let it run as it would. */
    default PlannedExit onStart(ContainerFacts container) {
        return null;
    }

    /** When a container's process has started: a scripted health sequence, or an empty list. */
    default List<HealthStep> healthScript(ContainerFacts container) {
        return List.of();
    }
}
