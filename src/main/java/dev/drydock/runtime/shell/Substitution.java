package dev.drydock.runtime.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A command substitution {@code $(...)} run from frames in a copy of the shell, so that one waiting on a command
 * ({@code x=$(sleep 100)}) can give the thread back.
 *
 * <p>A simple command whose words wait in a substitution is expanded again from the start once it finished:
 * {@link Replay} hands the substitutions that already ran their recorded output instead of running them twice,
 * and the variables the abandoned expansion changed ({@code ${x:=...}}, {@code $((i+=1))}, assignments before
 * the substitution) are put back first, so the command sees each expansion happen exactly once.
 */
final class Substitution {
    final Shell sub;
    private final Node body;
    private Frames frames;
    private final ByteArrayOutputStream buf;
    private int st;

    Substitution(Shell parent, Node body) {
        sub = parent.fork();
        sub.inCommandSubstitution = true;
        buf = new ByteArrayOutputStream();
        sub.fds[1] = buf;
        this.body = body;
    }

    /** Runs the substitution to its end on this thread, blocking while it waits. */
    void runBlocking() {
        try {
            sub.exec(body, false);
            st = sub.status;
        } catch (Shell.ExitEx | Shell.ExecEx | Shell.ReturnEx | Shell.BreakEx e) {
            st = endStatus(e);
        }
        sub.runExitTrap();
    }

    /** The status a substitution ended by {@code exit}, {@code exec}, a stray {@code return} or {@code break} has. */
    private static int endStatus(RuntimeException e) {
        if (e instanceof Shell.ExitEx x) {
            return x.status;
        }
        return e instanceof Shell.ReturnEx r ? r.status : 0;
    }

    /** Runs (or goes on running) the substitution from frames: what it waits for, or null once it ended. */
    CompletableFuture<?> run() {
        if (frames == null) {
            frames = new Frames(sub, body, false);
        }
        try {
            CompletableFuture<?> w = frames.run();
            if (w != null) {
                return w;
            }
            st = sub.status;
        } catch (Shell.ExitEx | Shell.ExecEx | Shell.ReturnEx | Shell.BreakEx e) {
            st = endStatus(e);
        }
        sub.runExitTrap();
        return null;
    }

    /** The ended substitution's output without trailing newlines, and its status. */
    Result result() {
        String s = buf.toString(StandardCharsets.UTF_8);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return new Result(s.substring(0, end), st, sub.steps);
    }

    /** What an ended substitution produced. */
    record Result(String text, int status, long steps) {
    }

    /** Thrown out of an expansion by a substitution that must wait; the frame suspends, then expands again. */
    static final class Wait extends RuntimeException {
        final Substitution subst;
        final CompletableFuture<?> until;

        Wait(Substitution subst, CompletableFuture<?> until) {
            super(null, null, false, false);
            this.subst = subst;
            this.until = until;
        }
    }

    /** The substitutions of one simple command's expansion that already ended, in the order they ran. */
    static final class Replay {
        final List<Result> done = new ArrayList<>(1);
        int next;
        /** False once the expansion reached the redirections, which open files and are not run twice. */
        boolean open;

        void begin() {
            next = 0;
            open = true;
        }
    }

    /** True when a simple command's assignments or words (not its redirections) hold a substitution. */
    static boolean inWords(Node.Simple c) {
        byte k = c.substKind;
        if (k == 0) {
            boolean any = false;
            for (Word w : c.assignValues) {
                any |= has(w);
            }
            for (Word w : c.words) {
                any |= has(w);
            }
            k = any ? (byte) 2 : (byte) 1;
            c.substKind = k;
        }
        return k == 2;
    }

    private static boolean has(Word w) {
        if (w == null) {
            return false;
        }
        for (Word.Part p : w.parts) {
            if (has(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Word.Part p) {
        if (p instanceof Word.CmdSub) {
            return true;
        }
        if (p instanceof Word.Dq dq) {
            for (Word.Part ip : dq.parts()) {
                if (has(ip)) {
                    return true;
                }
            }
            return false;
        }
        if (p instanceof Word.Param pp) {
            return has(pp.arg()) || has(pp.arg2());
        }
        if (p instanceof Word.Arith a) {
            return has(a.expr());
        }
        return false;
    }

    /** A copy of the shell's variables to put back with {@link #restore}. */
    static Map<String, Shell.Var> snapshot(Shell sh) {
        Map<String, Shell.Var> copy = new HashMap<>(sh.vars.size() * 2);
        for (Map.Entry<String, Shell.Var> e : sh.vars.entrySet()) {
            copy.put(e.getKey(), e.getValue().copy());
        }
        return copy;
    }

    static void restore(Shell sh, Map<String, Shell.Var> snapshot) {
        sh.vars.clear();
        sh.vars.putAll(snapshot);
        sh.envCache = null;
    }
}
