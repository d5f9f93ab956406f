package dev.drydock.engine.exec;

import java.util.List;

/**
 * What {@code POST /containers/{id}/exec} asks for.
 *
 * @param attachStdin   the client will send stdin (the process gets an open stdin)
 * @param attachStdout  the client reads stdout
 * @param attachStderr  the client reads stderr
 * @param tty           the process gets a terminal
 * @param env           {@code KEY=value} entries added to the container's environment
 * @param cmd           argv, at least one element
 * @param workingDir    "" for the container's working directory
 * @param user          "" for the container's user
 * @param privileged    extended privileges (recorded, not simulated)
 * @param detachKeys    the key sequence that detaches a session, "" for the default
 * @param consoleHeight initial terminal rows (0 when not given)
 * @param consoleWidth  initial terminal columns (0 when not given)
 */
public record ExecOptions(boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean tty,
                          List<String> env, List<String> cmd, String workingDir, String user, boolean privileged,
                          String detachKeys, int consoleHeight, int consoleWidth) {
    public ExecOptions {
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        detachKeys = detachKeys == null ? "" : detachKeys;
    }
}
