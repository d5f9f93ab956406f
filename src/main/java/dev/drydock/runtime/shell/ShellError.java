package dev.drydock.runtime.shell;

/**
 * A shell-level error (bad substitution, unset parameter, read-only variable, bad number): printed with the
 * shell's prefix; a non-interactive shell exits with {@link #status}.
 */
final class ShellError extends Exception {
    final int status;
    /** True when the message should carry the builtin/line prefix. */
    final boolean fatal;

    ShellError(String message, int status) {
        this(message, status, true);
    }

    ShellError(String message, int status, boolean fatal) {
        super(message, null, false, false);
        this.status = status;
        this.fatal = fatal;
    }
}
