package dev.drydock.admin;

import dev.drydock.engine.EngineException;
import dev.drydock.engine.EngineFaultHooks;

import java.util.List;

/** What the engine asks the admin side at pulls, creates and starts: engine faults, and stubs' health scripts. */
final class AdminHooks implements EngineFaultHooks {
    private final EngineFaults faults;
    private final Stubs stubs;

    AdminHooks(EngineFaults faults, Stubs stubs) {
        this.faults = faults;
        this.stubs = stubs;
    }

    @Override
    public PullFailure onPull(String image) {
        return faults.onPull(image);
    }

    @Override
    public EngineException onCreate(ContainerFacts container, String id) {
        return faults.onCreate(container, id);
    }

    @Override
    public PlannedExit onStart(ContainerFacts container) {
        return faults.onStart(container);
    }

    @Override
    public List<HealthStep> healthScript(ContainerFacts container) {
        return stubs.healthScript(container);
    }
}
