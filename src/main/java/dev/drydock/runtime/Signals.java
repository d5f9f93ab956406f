package dev.drydock.runtime;

import java.util.Locale;

/** Linux signal numbers and names, and each signal's default disposition. */
public final class Signals {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGWINCH = 28;

    private static final String[] NAMES = new String[65];

    static {
        String[] n = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
            "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
            "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        System.arraycopy(n, 0, NAMES, 0, n.length);
        for (int i = 34; i <= 64; i++) {
            NAMES[i] = i == 34 ? "RTMIN" : i == 64 ? "RTMAX" : i < 50 ? "RTMIN+" + (i - 34) : "RTMAX-" + (64 - i);
        }
    }

    private Signals() {
    }

    /** The name without "SIG" (e.g. "TERM"), or null for an unknown number. */
    public static String name(int sig) {
        return sig > 0 && sig < NAMES.length ? NAMES[sig] : null;
    }

    /**
     * Parses a signal as Docker and kill accept it: a number, "TERM", "SIGTERM" (any case).
     *
     * @return the number, or -1 when unknown
     */
    public static int parse(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        if (Character.isDigit(s.charAt(0))) {
            try {
                int v = Integer.parseInt(s);
                return v >= 0 && v < NAMES.length ? v : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        String u = s.toUpperCase(Locale.ROOT);
        if (u.startsWith("SIG")) {
            u = u.substring(3);
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (u.equals(NAMES[i])) {
                return i;
            }
        }
        return -1;
    }

    /** True when the default action of the signal is to ignore it (CHLD, CONT, WINCH, URG). */
    public static boolean ignoredByDefault(int sig) {
        return sig == SIGCHLD || sig == SIGCONT || sig == SIGWINCH || sig == 23 || sig == 0;
    }

    private static final String[] DESCRIPTIONS = {null, "Hangup", "Interrupt", "Quit", "Illegal instruction",
        "Trace/breakpoint trap", "Aborted", "Bus error", "Floating point exception", "Killed", "User defined signal 1",
        "Segmentation fault", "User defined signal 2", "Broken pipe", "Alarm clock", "Terminated"};

    /** The C library's description of a signal ({@code strsignal}), as a shell prints it for a job it killed. */
    public static String describe(int sig) {
        return sig > 0 && sig < DESCRIPTIONS.length ? DESCRIPTIONS[sig] : "Signal " + sig;
    }
}
