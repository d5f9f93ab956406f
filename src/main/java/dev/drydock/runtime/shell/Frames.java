package dev.drydock.runtime.shell;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.drydock.runtime.ProcessStartException;
import dev.drydock.runtime.SimProcess;
import dev.drydock.runtime.io.Pipe;

/**
 * Runs a shell program from an explicit stack of frames instead of Java recursion, so that a script waiting on
 * a foreground command ({@code sleep}, a nested script, {@code tail -f}) or on {@code wait} can give its thread
 * back and be resumed later: the frames are the script's saved position.
 *
 * <p>Command lists, {@code &&}/{@code ||}, {@code !}, if, while/until, for, case, brace groups, redirected
 * blocks, subshells, pipelines, function calls, {@code eval}, {@code .} and simple commands have frames, and a
 * command substitution in a simple command's words runs from frames of its own ({@link Substitution}); anything
 * else (trap actions, a substitution in a for list, case word or redirection) runs through {@link Shell#exec}
 * on the current thread, blocking as before. Each frame mirrors the matching {@code Shell.execXxx} method, including its errexit, break/continue,
 * return and cleanup behaviour, so output and exit codes are the same either way.
 */
final class Frames {
    private final Shell sh;
    private Frame top;
    /** What the child that just returned (or the node run in place) returned. */
    private int last;
    /** Set by a frame that must wait; {@link #run} then returns it. */
    private CompletableFuture<?> waitFor;

    // what a frame's next() asked for
    private Node callNode;
    private boolean callTail;
    private boolean callGuard;
    private Frame callFrame;
    private boolean returned;

    Frames(Shell sh, Node root, boolean tail) {
        this.sh = sh;
        Frame f = frameFor(root, tail);
        if (f == null) {
            f = new Single(root, tail);
        }
        push(f);
    }

    /** Starts with a ready-made bottom frame (a script read command by command). */
    Frames(Shell sh, Frame bottom) {
        this.sh = sh;
        push(bottom);
    }

    /**
     * Runs until the program ends (returns null; {@link Shell#status} holds the result) or must wait (returns
     * what for; call again after it completed). Exceptions no frame handles propagate (exit, exec, a killed
     * process) after every frame's cleanup ran.
     */
    CompletableFuture<?> run() {
        waitFor = null;
        try {
            sh.ctx.checkAlive();
        } catch (RuntimeException e) {
            unwind(e);
        }
        while (top != null) {
            Frame f = top;
            try {
                f.unguard(sh);
                callNode = null;
                callFrame = null;
                returned = false;
                f.next(this, last);
                if (waitFor != null) {
                    return waitFor;
                }
                if (returned) {
                    pop();
                    continue;
                }
                if (callFrame != null) {
                    f.guard(sh, callGuard);
                    push(callFrame);
                    continue;
                }
                if (callNode == null) {
                    throw new IllegalStateException("frame made no progress: " + f.getClass().getSimpleName());
                }
                f.guard(sh, callGuard);
                Frame child = frameFor(callNode, callTail);
                if (child != null) {
                    push(child);
                } else {
                    last = sh.exec(callNode, callTail);
                }
            } catch (RuntimeException e) {
                unwind(e);
            }
        }
        return null;
    }

    /** Hands an exception to the frames from the top: the first that handles it goes on, the others leave. */
    private void unwind(RuntimeException e) {
        while (top != null) {
            Frame f = top;
            f.unguard(sh);
            boolean handled;
            try {
                handled = f.caught(this, e);
            } catch (RuntimeException again) {
                e = again;
                handled = false;
            }
            if (handled) {
                last = sh.status;
                return;
            }
            pop();
        }
        throw e;
    }

    private void push(Frame f) {
        f.below = top;
        top = f;
    }

    private void pop() {
        Frame f = top;
        top = f.below;
        f.unguard(sh);
        f.leave(sh);
    }

    // ------------------------------------------------------------------ what frames call from next()

    /** Runs {@code n} next and comes back with its status (guarded: with errexit suspended, as in a condition). */
    void call(Node n, boolean tail, boolean guard) {
        callNode = n;
        callTail = tail;
        callGuard = guard;
    }

    void call(Frame f) {
        callFrame = f;
        callGuard = false;
    }

    /** The frame is done and returns {@code st}. */
    void ret(int st) {
        last = st;
        returned = true;
    }

    /** The frame waits for {@code f}; {@link #run} gives the thread back until it completes. */
    void suspend(CompletableFuture<?> f) {
        waitFor = f;
    }

    /** The frame for a node, or null when it runs in place. */
    private Frame frameFor(Node n, boolean tail) {
        if (n instanceof Node.Simple s) {
            return new Simple(s, tail);
        }
        if (n instanceof Node.Seq s) {
            return new Seq(s, tail);
        }
        if (n instanceof Node.AndOr a) {
            return new AndOr(a, tail);
        }
        if (n instanceof Node.Pipeline p && p.cmds.length == 1) {
            return p.bang ? new Bang(p.cmds[0]) : frameOrSingle(p.cmds[0], false);
        }
        if (n instanceof Node.Pipeline p) {
            return new Pipeline(p);
        }
        if (n instanceof Node.If i) {
            return new If(i);
        }
        if (n instanceof Node.Loop l) {
            return new Loop(l);
        }
        if (n instanceof Node.For f) {
            return new For(f);
        }
        if (n instanceof Node.Case c) {
            return new Case(c);
        }
        if (n instanceof Node.Group g) {
            return frameOrSingle(g.body, false);
        }
        if (n instanceof Node.Redirected r) {
            return new Redirected(r);
        }
        if (n instanceof Node.Subshell s) {
            return new Subshell(s.body);
        }
        return null;
    }

    private Frame frameOrSingle(Node n, boolean tail) {
        Frame f = frameFor(n, tail);
        return f != null ? f : new Single(n, tail);
    }

    // ------------------------------------------------------------------ frames

    /** One construct in progress. */
    abstract static class Frame {
        Frame below;
        private boolean guarded;

        /**
         * Advances after the previous child returned {@code st} (the first call's {@code st} means nothing);
         * calls exactly one of call/ret/suspend, or throws.
         */
        abstract void next(Frames m, int st);

        /** A child (or this frame) threw {@code e}: true when handled; next() then runs again. */
        boolean caught(Frames m, RuntimeException e) {
            return false;
        }

        /** Cleanup when the frame leaves the stack, normally or not (the recursive code's finally). */
        void leave(Shell sh) {
        }

        final void guard(Shell sh, boolean on) {
            if (on) {
                sh.noErrexit++;
                guarded = true;
            }
        }

        final void unguard(Shell sh) {
            if (guarded) {
                guarded = false;
                sh.noErrexit--;
            }
        }
    }

    /** A node without a frame of its own, run in place (the root, a group's body). */
    private static final class Single extends Frame {
        private final Node node;
        private final boolean tail;
        private boolean done;

        Single(Node node, boolean tail) {
            this.node = node;
            this.tail = tail;
        }

        @Override
        void next(Frames m, int st) {
            if (done) {
                m.ret(st);
            } else {
                done = true;
                m.call(node, tail, false);
            }
        }
    }

    private final class Seq extends Frame {
        private final Node.Seq seq;
        private final boolean tail;
        private int i;

        Seq(Node.Seq seq, boolean tail) {
            this.seq = seq;
            this.tail = tail;
        }

        @Override
        void next(Frames m, int st) {
            int n = seq.items.length;
            while (i < n && seq.async[i]) {
                CompletableFuture<?> started = sh.background(seq.items[i++]);
                if (started != null) {
                    m.suspend(started);
                    return;
                }
            }
            if (i < n) {
                int k = i++;
                m.call(seq.items[k], tail && k == n - 1, false);
            } else {
                m.ret(sh.status);
            }
        }
    }

    private final class AndOr extends Frame {
        private final Node.AndOr a;
        private final boolean tail;
        private int i;

        AndOr(Node.AndOr a, boolean tail) {
            this.a = a;
            this.tail = tail;
        }

        @Override
        void next(Frames m, int st) {
            int n = a.items.length;
            if (i == 0) {
                i = 1;
                m.call(a.items[0], false, true);
                return;
            }
            while (i < n) {
                boolean and = a.and[i - 1];
                int k = i++;
                if (and ? st != 0 : st == 0) {
                    continue;
                }
                m.call(a.items[k], k == n - 1 && tail, k != n - 1);
                return;
            }
            m.ret(sh.status = st);
        }
    }

    /** {@code ! cmd}. */
    private final class Bang extends Frame {
        private final Node cmd;
        private boolean ran;

        Bang(Node cmd) {
            this.cmd = cmd;
        }

        @Override
        void next(Frames m, int st) {
            if (!ran) {
                ran = true;
                m.call(cmd, false, true);
            } else {
                m.ret(sh.status = st == 0 ? 1 : 0);
            }
        }
    }

    private final class If extends Frame {
        private final Node.If f;
        private int i;
        private boolean inBody;

        If(Node.If f) {
            this.f = f;
        }

        @Override
        void next(Frames m, int st) {
            if (inBody) {
                m.ret(st);
                return;
            }
            if (i > 0 && st == 0) {
                inBody = true;
                m.call(f.bodies[i - 1], false, false);
                return;
            }
            if (i < f.conds.length) {
                m.call(f.conds[i++], false, true);
                return;
            }
            if (f.elseBody != null) {
                inBody = true;
                m.call(f.elseBody, false, false);
                return;
            }
            m.ret(sh.status = 0);
        }
    }

    private final class Loop extends Frame {
        private static final int COND = 0;
        private static final int TEST = 1;
        private static final int BODY = 2;
        private static final int BROKEN = 3;
        private final Node.Loop l;
        private int state;
        private int lastBody;
        private boolean entered;

        Loop(Node.Loop l) {
            this.l = l;
        }

        @Override
        void next(Frames m, int st) {
            if (!entered) {
                entered = true;
                sh.loopDepth++;
            }
            switch (state) {
                case TEST -> {
                    if ((st == 0) == l.until) {
                        m.ret(sh.status = lastBody);
                        return;
                    }
                    state = BODY;
                    m.call(l.body, false, false);
                    return;
                }
                case BODY -> {
                    lastBody = st;
                    state = COND;
                }
                case BROKEN -> {
                    m.ret(sh.status = lastBody);
                    return;
                }
                default -> {
                }
            }
            sh.step();
            state = TEST;
            m.call(l.cond, false, true);
        }

        @Override
        boolean caught(Frames m, RuntimeException e) {
            if (state != BODY || !(e instanceof Shell.BreakEx b)) {
                return false;
            }
            if (--b.levels > 0) {
                return false;
            }
            state = b.cont ? COND : BROKEN;
            return true;
        }

        @Override
        void leave(Shell s) {
            if (entered) {
                s.loopDepth--;
            }
        }
    }

    private final class For extends Frame {
        private final Node.For f;
        private List<String> items;
        private int i;
        private int lastBody;
        private boolean broken;
        private boolean afterBreak;
        private boolean entered;

        For(Node.For f) {
            this.f = f;
        }

        @Override
        void next(Frames m, int st) {
            if (items == null) {
                if (f.words == null) {
                    items = List.of(sh.params);
                } else {
                    try {
                        items = sh.expander.expandWords(f.words);
                    } catch (ShellError e) {
                        m.ret(sh.shellError(e));
                        return;
                    }
                }
                entered = true;
                sh.loopDepth++;
            } else if (afterBreak) {
                afterBreak = false;
            } else {
                lastBody = st;
            }
            if (broken || i >= items.size()) {
                m.ret(sh.status = lastBody);
                return;
            }
            sh.step();
            try {
                sh.set(f.var, items.get(i++));
            } catch (ShellError e) {
                m.ret(sh.shellError(e));
                return;
            }
            m.call(f.body, false, false);
        }

        @Override
        boolean caught(Frames m, RuntimeException e) {
            if (!(e instanceof Shell.BreakEx b) || items == null) {
                return false;
            }
            if (--b.levels > 0) {
                return false;
            }
            if (!b.cont) {
                broken = true;
            }
            // the pass that broke or continued leaves the loop's status as the pass before it set it
            afterBreak = true;
            return true;
        }

        @Override
        void leave(Shell s) {
            if (entered) {
                s.loopDepth--;
            }
        }
    }

    private final class Case extends Frame {
        private final Node.Case c;
        private int i = -1;

        Case(Node.Case c) {
            this.c = c;
        }

        @Override
        void next(Frames m, int st) {
            if (i >= 0) {
                if (c.fallthrough[i] && i + 1 < c.bodies.length) {
                    m.call(c.bodies[++i], false, false);
                } else {
                    m.ret(sh.status = st);
                }
                return;
            }
            sh.step();
            try {
                String w = sh.expander.expandString(c.word);
                for (int k = 0; k < c.patterns.length; k++) {
                    for (Word p : c.patterns[k]) {
                        if (Glob.matches(sh.expander.expandPattern(p), w)) {
                            i = k;
                            m.call(c.bodies[k], false, false);
                            return;
                        }
                    }
                }
            } catch (ShellError e) {
                m.ret(sh.shellError(e));
                return;
            }
            m.ret(sh.status = 0);
        }
    }

    private final class Redirected extends Frame {
        private final Node.Redirected r;
        private Shell.Saved saved;
        private boolean ran;

        Redirected(Node.Redirected r) {
            this.r = r;
        }

        @Override
        void next(Frames m, int st) {
            if (ran) {
                m.ret(st);
                return;
            }
            ran = true;
            try {
                saved = sh.applyRedirs(r.redirs);
            } catch (ShellError e) {
                sh.printErr(sh.prefix() + e.getMessage() + "\n");
                m.ret(sh.status = 1);
                return;
            }
            m.call(r.body, false, false);
        }

        @Override
        void leave(Shell s) {
            if (saved != null) {
                s.restore(saved);
                saved = null;
            }
        }
    }

    /** {@code ( ... )}: a child shell process; the script waits for it without a thread while it waits. */
    private final class Subshell extends Frame {
        private final Node body;
        private SimProcess child;

        Subshell(Node body) {
            this.body = body;
        }

        @Override
        void next(Frames m, int st) {
            if (child == null) {
                try {
                    child = sh.spawnSubshell(body, sh.in(), true);
                } catch (ProcessStartException e) {
                    sh.printErr(sh.prefix() + "can't fork: Resource temporarily unavailable\n");
                    sh.status = 2;
                    sh.checkErrexit();
                    m.ret(sh.status);
                    return;
                }
                if (child.isRunning()) {
                    m.suspend(child.exit());
                    return;
                }
            }
            sh.status = sh.waitForeground(child);
            sh.checkErrexit();
            m.ret(sh.status);
        }
    }

    /** {@code a | b | c}: the stages run as child processes; the script waits for all of them without a thread. */
    private final class Pipeline extends Frame {
        private final Node.Pipeline p;
        private SimProcess[] procs;

        Pipeline(Node.Pipeline p) {
            this.p = p;
        }

        @Override
        void next(Frames m, int st) {
            if (procs == null) {
                procs = sh.startPipeline(p);
                if (procs == null) {
                    m.ret(sh.status);
                    return;
                }
            }
            for (SimProcess sp : procs) {
                if (sp.isRunning()) {
                    m.suspend(sp.exit());
                    return;
                }
            }
            m.ret(sh.pipelineStatus(p, procs));
        }
    }

    /** A simple command; an external one still running after it started makes the script wait for it. */
    private final class Simple extends Frame {
        private final Node.Simple c;
        private final boolean tail;
        private Shell.Prepared p;
        private SimProcess child;
        private Builtins.WaitJob waitJob;
        /** In a function, eval or . body: its status ends the command. */
        private boolean inBody;
        /** The substitutions of this command's words that ran, while one of them waits. */
        private Substitution.Replay replay;
        private Substitution waiting;

        Simple(Node.Simple c, boolean tail) {
            this.c = c;
            this.tail = tail;
        }

        @Override
        void next(Frames m, int st) {
            if (child != null) {
                // ended (or this process was killed, and waitForeground unwinds): as ash, report a fatal signal
                m.ret(sh.finishSimple(p, sh.waitForeground(child)));
                return;
            }
            if (inBody) {
                m.ret(sh.finishSimple(p, st));
                return;
            }
            if (waitJob != null) {
                stepWait(m);
                return;
            }
            if (p != null) {
                // a read whose stdin now has data (or EOF)
                m.ret(sh.runPrepared(p, tail));
                return;
            }
            if (waiting != null) {
                CompletableFuture<?> w = waiting.run();
                if (w != null) {
                    m.suspend(w);
                    return;
                }
                replay.done.add(waiting.result());
                waiting = null;
            }
            if (Substitution.inWords(c)) {
                if (!expand(m)) {
                    return;
                }
            } else {
                p = sh.prepare(c);
            }
            if (p == null) {
                m.ret(sh.status);
                return;
            }
            String name = p.name;
            if (Builtins.isSpecial(name) || sh.funcs.containsKey(name) || Builtins.isRegular(name)) {
                sh.markLaunched();
            }
            if ((name.equals("eval") || name.equals(".") || name.equals("source")) && p.argv.size() > 1) {
                evalOrSource(m, name);
            } else if (Builtins.isSpecial(name)) {
                m.ret(sh.runPrepared(p, tail));
            } else if (sh.funcs.containsKey(name)) {
                inBody = true;
                m.call(new Function(sh.funcs.get(name), p.argv, p.temp));
            } else if (name.equals("read") && p.temp == null && !readable(p.argv)) {
                // stdin is a pipe without a line in it yet: wait for one without a thread, then read it
                m.suspend(whenReadable(p.argv));
            } else if (name.equals("wait") && p.temp == null) {
                waitJob = sh.builtins.waitJob(p.argv);
                stepWait(m);
            } else if (Builtins.isRegular(name)) {
                m.ret(sh.runPrepared(p, tail));
            } else {
                Object r;
                try {
                    r = sh.startExternal(p.argv, p.temp, tail);
                } catch (ShellError e) {
                    sh.shellError(e);
                    m.ret(sh.finishSimple(p, sh.status));
                    return;
                } catch (Shell.ExecEx e) {
                    p.saved = null;
                    throw e;
                }
                if (r instanceof SimProcess running) {
                    child = running;
                    m.suspend(running.exit());
                } else {
                    m.ret(sh.finishSimple(p, (Integer) r));
                }
            }
        }

        /**
         * {@code eval text} or {@code . file}: the text runs from frames, as {@code Builtins} would run it (a
         * syntax error ends a non-interactive shell; a sourced file's {@code return} ends the file).
         */
        private void evalOrSource(Frames m, String name) {
            try {
                if (p.temp != null) {
                    // a special builtin's assignments stay
                    for (Map.Entry<String, String> e : p.temp.entrySet()) {
                        sh.set(e.getKey(), e.getValue());
                    }
                }
            } catch (ShellError e) {
                sh.shellError(e);
                m.ret(sh.finishSimple(p, sh.status));
                return;
            }
            if (name.equals("eval")) {
                Node n;
                try {
                    n = Parser.parseAll(String.join(" ", p.argv.subList(1, p.argv.size())));
                } catch (ShellSyntaxError e) {
                    sh.printErr(sh.prefix() + e.getMessage() + "\n");
                    if (!sh.interactive) {
                        throw new Shell.ExitEx(2);
                    }
                    m.ret(sh.finishSimple(p, 2));
                    return;
                }
                inBody = true;
                m.call(n, false, false);
                return;
            }
            String text = sh.builtins.sourceText(p.argv);
            if (text == null) {
                m.ret(sh.finishSimple(p, 2));
                return;
            }
            inBody = true;
            m.call(new Sourced(text, p.argv));
        }

        /**
         * Expands a command whose words hold a substitution: false when one must wait (the frame suspends, and
         * the variables are as before the expansion began, for the next try).
         */
        private boolean expand(Frames m) {
            boolean again = replay != null;
            if (replay == null) {
                replay = new Substitution.Replay();
            }
            Map<String, Shell.Var> before = Substitution.snapshot(sh);
            int status = sh.status;
            try {
                p = sh.prepare(c, replay, again);
                return true;
            } catch (Substitution.Wait w) {
                Substitution.restore(sh, before);
                sh.status = status;
                waiting = w.subst;
                m.suspend(w.until);
                return false;
            }
        }

        /** False when stdin is a pipe a read would block on now. */
        private boolean readable(List<String> argv) {
            CompletableFuture<Void> f = whenReadable(argv);
            return f == null || f.isDone();
        }

        /**
         * When a read would not block: a plain {@code read [-r] [-s] names} once a whole line is buffered (or EOF),
         * one with other options once any byte is; null when stdin is not a pipe.
         */
        private CompletableFuture<Void> whenReadable(List<String> argv) {
            for (int i = 1; i < argv.size(); i++) {
                String a = argv.get(i);
                if (a.startsWith("-") && !a.equals("-r") && !a.equals("-s")) {
                    return Pipe.whenReadable(sh.in());
                }
            }
            return Pipe.whenLineReadable(sh.in());
        }

        private void stepWait(Frames m) {
            CompletableFuture<?> f = sh.builtins.waitStep(waitJob);
            if (f != null) {
                m.suspend(f);
            } else {
                m.ret(sh.finishSimple(p, waitJob.result));
            }
        }

        @Override
        void leave(Shell s) {
            if (p != null) {
                s.finishRedirs(p);
            }
        }
    }

    /** A file run by {@code .}: its own positional parameters when given some; {@code return} ends it. */
    private final class Sourced extends Frame {
        private final String text;
        private final List<String> argv;
        private String[] savedParams;
        private boolean entered;
        private boolean returned;

        Sourced(String text, List<String> argv) {
            this.text = text;
            this.argv = argv;
        }

        @Override
        void next(Frames m, int st) {
            if (returned) {
                m.ret(sh.status);
                return;
            }
            if (entered) {
                m.ret(st);
                return;
            }
            entered = true;
            savedParams = sh.params;
            if (argv.size() > 2) {
                sh.params = argv.subList(2, argv.size()).toArray(new String[0]);
            }
            m.call(new ShellProgram.Script(sh, text, false));
        }

        @Override
        boolean caught(Frames m, RuntimeException e) {
            if (entered && !returned && e instanceof Shell.ReturnEx r) {
                sh.status = r.status;
                returned = true;
                return true;
            }
            return false;
        }

        @Override
        void leave(Shell s) {
            if (entered && argv.size() > 2) {
                s.params = savedParams;
            }
        }
    }

    /** A function call: positional parameters, locals and temporary assignments around its body. */
    private final class Function extends Frame {
        private final Node.FuncDef f;
        private final List<String> argv;
        private final Map<String, String> temp;
        private String[] savedParams;
        private Map<String, Shell.Var> tempSaved;
        private boolean entered;
        private boolean returned;

        Function(Node.FuncDef f, List<String> argv, Map<String, String> temp) {
            this.f = f;
            this.argv = argv;
            this.temp = temp;
        }

        @Override
        void next(Frames m, int st) {
            if (returned) {
                m.ret(sh.status);
                return;
            }
            if (entered) {
                m.ret(st);
                return;
            }
            if (sh.funcDepth >= 1000) {
                sh.printErr(sh.prefix() + f.name + ": function nesting too deep\n");
                throw new Shell.ExitEx(2);
            }
            savedParams = sh.params;
            sh.params = argv.subList(1, argv.size()).toArray(new String[0]);
            sh.funcDepth++;
            sh.localFrames.add(new HashMap<>());
            entered = true;
            if (temp != null) {
                try {
                    tempSaved = sh.tempBegin(temp);
                } catch (ShellError e) {
                    m.ret(sh.shellError(e));
                    return;
                }
            }
            m.call(f.body, false, false);
        }

        @Override
        boolean caught(Frames m, RuntimeException e) {
            if (entered && !returned && e instanceof Shell.ReturnEx r) {
                sh.status = r.status;
                returned = true;
                return true;
            }
            return false;
        }

        @Override
        void leave(Shell s) {
            if (!entered) {
                return;
            }
            if (tempSaved != null) {
                s.tempEnd(tempSaved);
            }
            Map<String, Shell.Var> frame = s.localFrames.remove(s.localFrames.size() - 1);
            for (Map.Entry<String, Shell.Var> e : frame.entrySet()) {
                if (e.getValue() == null) {
                    s.vars.remove(e.getKey());
                } else {
                    s.vars.put(e.getKey(), e.getValue());
                }
            }
            if (!frame.isEmpty()) {
                s.envCache = null;
            }
            s.funcDepth--;
            s.params = savedParams;
        }
    }
}
