package dev.drydock.engine.containers;

import dev.drydock.fs.FsView;

import java.io.OutputStream;
import java.util.List;

/**
 * A container's request to start its main process.
 *
 * @param containerId the container the process belongs to
 * @param argv        entrypoint + command, argv[0] first
 * @param env         {@code KEY=value} entries
 * @param workingDir  absolute working directory ("/" when the config has none)
 * @param user        {@code user[:group]} as configured, "" for the image default
 * @param hostname    the container's hostname
 * @param tty         whether the process has a terminal (stdout and stderr are then one stream)
 * @param openStdin   whether the process gets a stdin the container can write to
 * @param fs          the container's filesystem view
 * @param stdout      where the process writes its standard output
 * @param stderr      where the process writes its standard error (unused with a TTY)
 * @param consoleHeight initial console rows (0 when unknown)
 * @param consoleWidth  initial console columns (0 when unknown)
 * @param image       the image reference the container was created from (image-specific programs key on it)
 * @param inlineQuick whether a quick program (one that never waits, such as {@code echo}) is left for the caller
 *                    to run on its own thread ({@link LaunchedProcess#runDeferred}, which it must then call)
 */
public record ProcessRequest(String containerId, List<String> argv, List<String> env, String workingDir, String user,
                             String hostname, boolean tty, boolean openStdin, FsView fs, OutputStream stdout,
                             OutputStream stderr, int consoleHeight, int consoleWidth, String image,
                             boolean inlineQuick) {
    public ProcessRequest {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
    }

    /** A request whose process always starts on a worker thread. */
    public ProcessRequest(String containerId, List<String> argv, List<String> env, String workingDir, String user,
                          String hostname, boolean tty, boolean openStdin, FsView fs, OutputStream stdout,
                          OutputStream stderr, int consoleHeight, int consoleWidth, String image) {
        this(containerId, argv, env, workingDir, user, hostname, tty, openStdin, fs, stdout, stderr, consoleHeight,
                consoleWidth, image, false);
    }
}
