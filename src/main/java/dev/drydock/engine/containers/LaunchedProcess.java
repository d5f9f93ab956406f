package dev.drydock.engine.containers;

import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A container's running main process, as the runtime hands it back. */
public interface LaunchedProcess {
    /** The process ID inside the simulated host. */
    int pid();

    /** Completes with the exit status as Linux reports it (128 + signal for a signal death). */
    CompletableFuture<Integer> exit();

    /** Delivers a signal; the process's handlers (or the default action) decide what happens. */
    void signal(int signal);

    /**
     * True when the process has a handler of its own for {@code signal} (a shell's trap, a server's shutdown hook):
     * then it decides when to exit, and a stop gives it the whole grace period.
     */
    default boolean handles(int signal) {
        return false;
    }

    /** The process's stdin, or null when it was started without one. Closing it sends EOF. */
    OutputStream stdin();

    /** Freezes the process (cgroup freezer): it runs nothing until {@link #resume()}. */
    default void pause() {
    }

    default void resume() {
    }

    /**
     * Runs the process's program on the calling thread when the start left it to the caller (a quick program
     * started with {@link ProcessRequest#inlineQuick()}); returns once it ended. Nothing otherwise.
     */
    default void runDeferred() {
    }

    /** The terminal was resized. */
    default void resize(int height, int width) {
    }

    /**
     * Starts another process beside this one, in the same container (its PID namespace, filesystem and
     * network), as {@code docker exec} does; {@code ps} in the container then lists it.
     *
     * @throws LaunchException when the runtime cannot start it (exit code and runc-level reason)
     */
    default LaunchedProcess exec(ProcessRequest request) throws LaunchException {
        throw new LaunchException(127, "exec: \"" + (request.argv().isEmpty() ? "" : request.argv().get(0))
                + "\": executable file not found in $PATH");
    }

    /** The process and its descendants, for {@code top}. */
    default List<ProcessRow> processes() {
        return List.of();
    }

    /**
     * One process of the container's tree.
     *
     * @param pid     process ID
     * @param ppid    parent process ID
     * @param user    user name (or uid)
     * @param command the command line
     */
    record ProcessRow(int pid, int ppid, String user, String command) {
    }
}
