package dev.drydock.engine.containers;

/** Starts containers' processes: the seam to the simulated runtime. */
@FunctionalInterface
public interface ProcessLauncher {
    /** Starts the process; fails when argv[0] cannot be executed. */
    LaunchedProcess launch(ProcessRequest request) throws LaunchException;

    /** A launcher for a daemon without a runtime: every start fails as a missing executable. */
    static ProcessLauncher unavailable() {
        return req -> {
            throw new LaunchException(127, "exec: \"" + (req.argv().isEmpty() ? "" : req.argv().get(0))
                    + "\": executable file not found in $PATH");
        };
    }
}
