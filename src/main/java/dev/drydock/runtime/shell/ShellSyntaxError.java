package dev.drydock.runtime.shell;

/** A syntax error with ash's wording ("unexpected \"fi\"", "unterminated quoted string"). */
final class ShellSyntaxError extends Exception {
    final int line;
    /** True when more input could complete the command (interactive continuation lines). */
    final boolean incomplete;

    ShellSyntaxError(String message, int line, boolean incomplete) {
        super(message, null, false, false);
        this.line = line;
        this.incomplete = incomplete;
    }
}
