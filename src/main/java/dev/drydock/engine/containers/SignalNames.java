package dev.drydock.engine.containers;

import dev.drydock.engine.EngineException;

import java.util.Locale;

/** Signals as Docker's kill/stop parameters and StopSignal name them: numbers, "TERM" or "SIGTERM". */
final class SignalNames {
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
        "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

    private SignalNames() {
    }

    /** Parses a signal; Docker's 400 for an unknown name or an unsupported number. */
    static int parse(String s) {
        String v = s.trim();
        if (!v.isEmpty() && Character.isDigit(v.charAt(0))) {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw EngineException.badRequest("Invalid signal: " + s);
            }
            if (n <= 0 || n > 64) {
                throw EngineException.badRequest("The linux daemon does not support signal " + n);
            }
            return n;
        }
        String u = v.toUpperCase(Locale.ROOT);
        if (u.startsWith("SIG")) {
            u = u.substring(3);
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (u.equals(NAMES[i])) {
                return i;
            }
        }
        if (u.equals("IOT")) {
            return 6;
        }
        if (u.equals("CLD")) {
            return 17;
        }
        if (u.equals("POLL")) {
            return 29;
        }
        if (u.startsWith("RTMIN")) {
            return rt(u.substring(5), 34, s);
        }
        if (u.startsWith("RTMAX")) {
            return rt(u.substring(5), 64, s);
        }
        throw EngineException.badRequest("Invalid signal: " + s);
    }

    private static int rt(String rest, int base, String original) {
        if (rest.isEmpty()) {
            return base;
        }
        try {
            int off = Integer.parseInt(rest);
            int n = base + off;
            if (n >= 34 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to Docker's message
        }
        throw EngineException.badRequest("Invalid signal: " + original);
    }
}
