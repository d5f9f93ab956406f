package dev.drydock.runtime.shell;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.Launch;
import dev.drydock.runtime.ProcessKilled;
import dev.drydock.runtime.ProcessStartException;
import dev.drydock.runtime.Program;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.SimProcess;
import dev.drydock.runtime.SimRuntime;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.SysFiles;
import dev.drydock.runtime.io.Pipe;

/**
 * The shell interpreter: variables, functions, options, traps and jobs, walking a parsed {@link Node} tree.
 * One instance per shell process; subshells ({@code ( )}, pipelines, {@code &}, {@code $( )}) get a copy.
 */
final class Shell {
    /** A shell variable. */
    static final class Var {
        String value;
        boolean exported;
        boolean readonly;

        Var(String value, boolean exported) {
            this.value = value;
            this.exported = exported;
        }

        Var copy() {
            Var v = new Var(value, exported);
            v.readonly = readonly;
            return v;
        }
    }

    static final class BreakEx extends RuntimeException {
        int levels;
        final boolean cont;

        BreakEx(int levels, boolean cont) {
            super(null, null, false, false);
            this.levels = levels;
            this.cont = cont;
        }
    }

    static final class ReturnEx extends RuntimeException {
        final int status;

        ReturnEx(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    static final class ExitEx extends RuntimeException {
        final int status;

        ExitEx(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    /** Unwinds the shell after {@code exec} handed the process to another program. */
    static final class ExecEx extends RuntimeException {
        ExecEx() {
            super(null, null, false, false);
        }
    }

    ProgramContext ctx;
    final SimRuntime rt;
    Map<String, Var> vars;
    Map<String, Node.FuncDef> funcs;
    String arg0;
    String[] params;
    boolean errexit;
    boolean xtrace;
    boolean nounset;
    boolean noglob;
    boolean pipefail;
    boolean allexport;
    boolean interactive;
    int status;
    int lastBg;
    /**
     * In a background job started as a simple command, set until that command has started (exec'd, or turned
     * out to be a builtin, a function or a shell running commands): the parent waits for it before going on.
     */
    private CompletableFuture<Void> launching;
    final int rootPid;
    Map<Integer, String> traps;
    final ConcurrentLinkedQueue<Integer> pending;
    volatile boolean hasPending;
    /** Completes when a trapped signal arrives (a suspended {@code wait} resumes on it). */
    volatile CompletableFuture<Void> wakeup;
    List<SimProcess> jobs;
    final Object[] fds = new Object[10];
    String cwd;
    int noErrexit;
    int funcDepth;
    int loopDepth;
    long steps;
    final long budget;
    /** Name used in error messages: "sh" or the script path. */
    String scriptName;
    boolean lineZeroBased;
    int line;
    int cmdSubStatus = -1;
    boolean inCommandSubstitution;
    /** Set while a frame expands a simple command: its substitutions may wait ({@link Substitution}). */
    private Substitution.Replay replay;
    List<Map<String, Var>> localFrames;
    Map<String, String> envCache;
    final Builtins builtins;
    final Expander expander;

    Shell(ProgramContext ctx, long budget) {
        this.ctx = ctx;
        this.rt = ctx.runtime();
        this.vars = new HashMap<>(64);
        this.funcs = new HashMap<>();
        this.params = new String[0];
        this.arg0 = "sh";
        this.rootPid = ctx.pid();
        this.traps = new TreeMap<>();
        this.pending = new ConcurrentLinkedQueue<>();
        this.jobs = new ArrayList<>();
        this.cwd = ctx.cwd();
        this.budget = budget;
        this.scriptName = "sh";
        this.lineZeroBased = true;
        this.localFrames = new ArrayList<>();
        this.builtins = new Builtins(this);
        this.expander = new Expander(this);
        fds[0] = ctx.stdin();
        fds[1] = ctx.stdout();
        fds[2] = ctx.stderr();
        for (Map.Entry<String, String> e : ctx.env().entrySet()) {
            if (Parser.isName(e.getKey())) {
                vars.put(e.getKey(), new Var(e.getValue(), true));
            }
        }
        setDefault("IFS", " \t\n");
        setDefault("PS2", "> ");
        setDefault("PS4", "+ ");
        setDefault("OPTIND", "1");
        vars.put("PPID", new Var(Integer.toString(ctx.process().ppid()), false));
        int lvl = 0;
        try {
            lvl = Integer.parseInt(ctx.env().getOrDefault("SHLVL", "0").trim());
        } catch (NumberFormatException ignored) {
            // not a number: start over
        }
        vars.put("SHLVL", new Var(Integer.toString(lvl + 1), true));
        vars.put("PWD", new Var(cwd, true));
    }

    /** A copy for a subshell; {@code newCtx} null keeps this context until {@link #bind}. */
    private Shell(Shell p) {
        this.ctx = p.ctx;
        this.rt = p.rt;
        this.vars = new HashMap<>(p.vars.size() * 2);
        for (Map.Entry<String, Var> e : p.vars.entrySet()) {
            vars.put(e.getKey(), e.getValue().copy());
        }
        this.funcs = new HashMap<>(p.funcs);
        this.arg0 = p.arg0;
        this.params = p.params;
        this.errexit = p.errexit;
        this.xtrace = p.xtrace;
        this.nounset = p.nounset;
        this.noglob = p.noglob;
        this.pipefail = p.pipefail;
        this.allexport = p.allexport;
        this.status = p.status;
        this.lastBg = p.lastBg;
        this.rootPid = p.rootPid;
        this.traps = new TreeMap<>();
        for (Map.Entry<Integer, String> e : p.traps.entrySet()) {
            if (e.getValue().isEmpty()) {
                traps.put(e.getKey(), "");
            }
        }
        this.pending = new ConcurrentLinkedQueue<>();
        this.jobs = new ArrayList<>();
        System.arraycopy(p.fds, 0, fds, 0, fds.length);
        this.cwd = p.cwd;
        this.budget = p.budget;
        this.steps = p.steps;
        this.scriptName = p.scriptName;
        this.lineZeroBased = p.lineZeroBased;
        this.line = p.line;
        this.localFrames = new ArrayList<>();
        this.builtins = new Builtins(this);
        this.expander = new Expander(this);
    }

    Shell fork() {
        return new Shell(this);
    }

    /** Binds a forked shell to the process it runs in (its own streams). */
    void bind(ProgramContext c) {
        this.ctx = c;
        fds[0] = c.stdin();
        fds[1] = c.stdout();
        fds[2] = c.stderr();
        for (Map.Entry<Integer, String> e : traps.entrySet()) {
            if (e.getKey() > 0 && e.getValue().isEmpty()) {
                c.ignoreSignal(e.getKey());
            }
        }
    }

    private void setDefault(String name, String value) {
        vars.putIfAbsent(name, new Var(value, false));
    }

    InputStream in() {
        Object o = fds[0];
        return o instanceof InputStream i ? i : InputStream.nullInputStream();
    }

    OutputStream out() {
        Object o = fds[1];
        return o instanceof OutputStream s ? s : OutputStream.nullOutputStream();
    }

    OutputStream err() {
        Object o = fds[2];
        return o instanceof OutputStream s ? s : OutputStream.nullOutputStream();
    }

    void print(String s) throws IOException {
        out().write(s.getBytes(StandardCharsets.UTF_8));
    }

    void printErr(String s) {
        try {
            err().write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // stderr gone
        }
    }

    /** "sh: " or "/script.sh: line 3: " (for "not found" and shell errors). */
    String prefix() {
        return lineZeroBased ? scriptName + ": " : scriptName + ": line " + line + ": ";
    }

    /** "sh: cd: line 0: " (for builtin errors, ash style). */
    String builtinPrefix(String builtin) {
        return scriptName + ": " + builtin + ": line " + (lineZeroBased ? Math.max(0, line - 1) : line) + ": ";
    }

    // ------------------------------------------------------------------ variables

    String get(String name) {
        Var v = vars.get(name);
        return v == null ? null : v.value;
    }

    void set(String name, String value) throws ShellError {
        Var v = vars.get(name);
        if (v == null) {
            v = new Var(value, allexport);
            vars.put(name, v);
            if (allexport) {
                envCache = null;
            }
            return;
        }
        if (v.readonly) {
            throw new ShellError(name + ": is read only", 2);
        }
        v.value = value;
        if (v.exported) {
            envCache = null;
        }
    }

    void export(String name, String value) throws ShellError {
        if (value != null) {
            set(name, value);
        }
        Var v = vars.get(name);
        if (v == null) {
            v = new Var(null, true);
            vars.put(name, v);
        }
        v.exported = true;
        envCache = null;
    }

    void unset(String name) throws ShellError {
        Var v = vars.get(name);
        if (v != null) {
            if (v.readonly) {
                throw new ShellError(name + ": is read only", 2);
            }
            vars.remove(name);
            if (v.exported) {
                envCache = null;
            }
        }
    }

    /** The environment for a child process: exported variables with values. */
    Map<String, String> env() {
        Map<String, String> e = envCache;
        if (e == null) {
            e = new LinkedHashMap<>();
            for (Map.Entry<String, Var> v : vars.entrySet()) {
                if (v.getValue().exported && v.getValue().value != null) {
                    e.put(v.getKey(), v.getValue().value);
                }
            }
            envCache = e;
        }
        return e;
    }

    /** Saves a variable in the current function's frame before {@code local} changes it. */
    void makeLocal(String name) {
        if (localFrames.isEmpty()) {
            return;
        }
        Map<String, Var> frame = localFrames.get(localFrames.size() - 1);
        if (!frame.containsKey(name)) {
            Var v = vars.get(name);
            frame.put(name, v == null ? null : v.copy());
        }
    }

    // ------------------------------------------------------------------ signals and budget

    void step() {
        if (budget > 0 && ++steps > budget) {
            printErr(prefix() + "step budget exceeded, killed\n");
            throw ctx.terminate(137);
        }
        ctx.checkAlive();
        if (hasPending) {
            runPendingTraps();
        }
    }

    /** Installs the OS-level disposition for a trap. */
    void installTrap(int sig, String action) {
        if (action == null) {
            traps.remove(sig);
            if (sig > 0) {
                ctx.onSignal(sig, null);
            }
            return;
        }
        traps.put(sig, action);
        if (sig <= 0) {
            return;
        }
        if (action.isEmpty()) {
            ctx.ignoreSignal(sig);
        } else {
            ctx.onSignal(sig, s -> {
                pending.add(s);
                hasPending = true;
                ctx.wake();
                CompletableFuture<Void> w = wakeup;
                if (w != null) {
                    w.complete(null);
                }
            });
        }
    }

    /** A future a trapped signal completes; create it before checking {@link #hasPending}. */
    CompletableFuture<Void> newWakeup() {
        CompletableFuture<Void> w = new CompletableFuture<>();
        wakeup = w;
        return w;
    }

    void runPendingTraps() {
        hasPending = false;
        Integer sig;
        while ((sig = pending.poll()) != null) {
            String action = traps.get(sig);
            if (action == null || action.isEmpty()) {
                continue;
            }
            int saved = status;
            try {
                evalString(action);
            } finally {
                status = saved;
            }
        }
    }

    /** Runs the EXIT trap once. */
    void runExitTrap() {
        String action = traps.remove(0);
        if (action != null && !action.isEmpty()) {
            int saved = status;
            try {
                evalString(action);
            } catch (ExitEx e) {
                saved = e.status;
            } catch (ReturnEx | BreakEx e) {
                // ignored at trap level
            }
            status = saved;
        }
    }

    int evalString(String src) {
        Node n;
        try {
            n = Parser.parseAll(src);
        } catch (ShellSyntaxError e) {
            printErr(prefix() + e.getMessage() + "\n");
            if (!interactive) {
                throw new ExitEx(2);
            }
            return status = 2;
        }
        return exec(n, false);
    }

    // ------------------------------------------------------------------ execution

    int exec(Node n, boolean tail) {
        if (n instanceof Node.Simple s) {
            return execSimple(s, tail);
        }
        if (n instanceof Node.AndOr a) {
            return execAndOr(a, tail);
        }
        if (n instanceof Node.Seq s) {
            return execSeq(s, tail);
        }
        if (n instanceof Node.Pipeline p) {
            return execPipeline(p);
        }
        if (n instanceof Node.If i) {
            return execIf(i);
        }
        if (n instanceof Node.Loop l) {
            return execLoop(l);
        }
        if (n instanceof Node.For f) {
            return execFor(f);
        }
        if (n instanceof Node.Case c) {
            return execCase(c);
        }
        if (n instanceof Node.Group g) {
            return exec(g.body, false);
        }
        if (n instanceof Node.Subshell s) {
            return execSubshell(s.body);
        }
        if (n instanceof Node.FuncDef f) {
            funcs.put(f.name, f);
            return status = 0;
        }
        if (n instanceof Node.Redirected r) {
            return execRedirected(r);
        }
        if (n instanceof Node.DBracket d) {
            line = d.line;
            step();
            int st;
            try {
                st = TestCommand.dbracket(this, d.words);
            } catch (ShellError e) {
                printErr(prefix() + e.getMessage() + "\n");
                st = 2;
            }
            status = st;
            checkErrexit();
            return st;
        }
        return status = 0;
    }

    void checkErrexit() {
        if (errexit && noErrexit == 0 && status != 0) {
            throw new ExitEx(status);
        }
    }

    private int execSeq(Node.Seq s, boolean tail) {
        int n = s.items.length;
        for (int i = 0; i < n; i++) {
            if (s.async[i]) {
                CompletableFuture<?> started = background(s.items[i]);
                if (started != null) {
                    ctx.await(started);
                }
            } else {
                exec(s.items[i], tail && i == n - 1);
            }
        }
        return status;
    }

    private int execAndOr(Node.AndOr a, boolean tail) {
        int n = a.items.length;
        noErrexit++;
        int st;
        try {
            st = exec(a.items[0], false);
        } finally {
            noErrexit--;
        }
        for (int i = 1; i < n; i++) {
            boolean and = a.and[i - 1];
            if (and ? st != 0 : st == 0) {
                continue;
            }
            if (i == n - 1) {
                st = exec(a.items[i], tail);
            } else {
                noErrexit++;
                try {
                    st = exec(a.items[i], false);
                } finally {
                    noErrexit--;
                }
            }
        }
        return status = st;
    }

    private int execIf(Node.If f) {
        for (int i = 0; i < f.conds.length; i++) {
            int c;
            noErrexit++;
            try {
                c = exec(f.conds[i], false);
            } finally {
                noErrexit--;
            }
            if (c == 0) {
                return exec(f.bodies[i], false);
            }
        }
        if (f.elseBody != null) {
            return exec(f.elseBody, false);
        }
        return status = 0;
    }

    private int execLoop(Node.Loop l) {
        int last = 0;
        loopDepth++;
        try {
            while (true) {
                step();
                int c;
                noErrexit++;
                try {
                    c = exec(l.cond, false);
                } finally {
                    noErrexit--;
                }
                if ((c == 0) == l.until) {
                    break;
                }
                try {
                    last = exec(l.body, false);
                } catch (BreakEx b) {
                    if (--b.levels > 0) {
                        throw b;
                    }
                    if (!b.cont) {
                        break;
                    }
                }
            }
        } finally {
            loopDepth--;
        }
        return status = last;
    }

    private int execFor(Node.For f) {
        List<String> items;
        if (f.words == null) {
            items = List.of(params);
        } else {
            try {
                items = expander.expandWords(f.words);
            } catch (ShellError e) {
                return shellError(e);
            }
        }
        int last = 0;
        loopDepth++;
        try {
            for (String item : items) {
                step();
                try {
                    set(f.var, item);
                } catch (ShellError e) {
                    return shellError(e);
                }
                try {
                    last = exec(f.body, false);
                } catch (BreakEx b) {
                    if (--b.levels > 0) {
                        throw b;
                    }
                    if (!b.cont) {
                        break;
                    }
                }
            }
        } finally {
            loopDepth--;
        }
        return status = last;
    }

    private int execCase(Node.Case c) {
        step();
        String w;
        try {
            w = expander.expandString(c.word);
            for (int i = 0; i < c.patterns.length; i++) {
                for (Word p : c.patterns[i]) {
                    if (Glob.matches(expander.expandPattern(p), w)) {
                        int st = exec(c.bodies[i], false);
                        while (c.fallthrough[i] && i + 1 < c.bodies.length) {
                            st = exec(c.bodies[++i], false);
                        }
                        return status = st;
                    }
                }
            }
        } catch (ShellError e) {
            return shellError(e);
        }
        return status = 0;
    }

    private int execRedirected(Node.Redirected r) {
        Saved saved;
        try {
            saved = applyRedirs(r.redirs);
        } catch (ShellError e) {
            printErr(prefix() + e.getMessage() + "\n");
            return status = 1;
        }
        try {
            return exec(r.body, false);
        } finally {
            restore(saved);
        }
    }

    int shellError(ShellError e) {
        printErr(prefix() + e.getMessage() + "\n");
        status = e.status;
        if (e.fatal && !interactive) {
            throw new ExitEx(e.status);
        }
        return status;
    }

    // ------------------------------------------------------------------ simple commands

    private int execSimple(Node.Simple c, boolean tail) {
        Prepared p = prepare(c);
        return p == null ? status : runPrepared(p, tail);
    }

    /** A simple command ready to run: expanded, traced, redirected. */
    static final class Prepared {
        final List<String> argv;
        final String name;
        final Map<String, String> temp;
        Saved saved;

        Prepared(List<String> argv, Map<String, String> temp, Saved saved) {
            this.argv = argv;
            this.name = argv.get(0);
            this.temp = temp;
            this.saved = saved;
        }
    }

    /**
     * Expands a simple command and applies its redirections; null when that already finished it (assignments
     * only, an expansion or redirection error: {@link #status} holds the result).
     */
    Prepared prepare(Node.Simple c) {
        line = c.line;
        step();
        return expand(c);
    }

    /**
     * {@link #prepare} from a frame: a command substitution in the assignments or words that must wait throws
     * {@link Substitution.Wait}; the frame then calls this again with the same {@code r} once it ended (without
     * the step that already ran, whose pending traps then run after the command, as for a blocking one).
     */
    Prepared prepare(Node.Simple c, Substitution.Replay r, boolean again) {
        line = c.line;
        if (!again) {
            step();
        }
        r.begin();
        replay = r;
        try {
            return expand(c);
        } finally {
            replay = null;
        }
    }

    /** Stops letting substitutions wait: what follows (redirections) opens files and must not run twice. */
    private void closeReplay() {
        Substitution.Replay r = replay;
        if (r != null) {
            r.open = false;
        }
    }

    private Prepared expand(Node.Simple c) {
        List<String> argv;
        cmdSubStatus = -1;
        try {
            argv = c.words.length == 0 ? List.of() : expander.expandWords(c.words);
        } catch (ShellError e) {
            shellError(e);
            return null;
        }
        if (argv.isEmpty()) {
            assignOnly(c);
            return null;
        }
        Map<String, String> tempAssign = null;
        if (c.assignNames.length > 0) {
            tempAssign = new LinkedHashMap<>();
            try {
                for (int i = 0; i < c.assignNames.length; i++) {
                    tempAssign.put(c.assignNames[i], expander.expandString(c.assignValues[i]));
                }
            } catch (ShellError e) {
                shellError(e);
                return null;
            }
        }
        closeReplay();
        if (xtrace) {
            trace(tempAssign, argv);
        }
        Saved saved = null;
        if (c.redirs.length > 0) {
            try {
                saved = applyRedirs(c.redirs);
            } catch (ShellError e) {
                printErr(prefix() + e.getMessage() + "\n");
                status = 1;
                checkErrexit();
                return null;
            }
        }
        return new Prepared(argv, tempAssign, saved);
    }

    /** Runs a prepared command to its end (blocking on a foreground child). */
    int runPrepared(Prepared p, boolean tail) {
        String name = p.name;
        List<String> argv = p.argv;
        Map<String, String> tempAssign = p.temp;
        try {
            int st;
            boolean builtinOrFunction = Builtins.isSpecial(name) || funcs.containsKey(name) || Builtins.isRegular(name);
            if (builtinOrFunction) {
                markLaunched();
            }
            if (Builtins.isSpecial(name)) {
                if (tempAssign != null) {
                    for (Map.Entry<String, String> e : tempAssign.entrySet()) {
                        set(e.getKey(), e.getValue());
                    }
                }
                st = builtins.run(name, argv, tail);
            } else if (funcs.containsKey(name)) {
                st = callFunction(funcs.get(name), argv, tempAssign);
            } else if (Builtins.isRegular(name)) {
                st = withTemp(tempAssign, () -> builtins.run(name, argv, tail));
            } else {
                st = external(argv, tempAssign, tail);
            }
            status = st;
        } catch (ShellError e) {
            shellError(e);
        } catch (ExecEx e) {
            // the process now runs another program on these streams: leave them open
            p.saved = null;
            throw e;
        } finally {
            finishRedirs(p);
        }
        checkErrexit();
        return status;
    }

    /** Undoes a prepared command's redirections (unless {@code exec} made them permanent). */
    void finishRedirs(Prepared p) {
        Saved saved = p.saved;
        if (saved != null) {
            p.saved = null;
            if (builtins.keepRedirections) {
                builtins.keepRedirections = false;
            } else {
                restore(saved);
            }
        }
    }

    /** The end of a simple command whose program finished with {@code st} (after a wait). */
    int finishSimple(Prepared p, int st) {
        status = st;
        finishRedirs(p);
        checkErrexit();
        return status;
    }

    private interface IntAction {
        int run() throws ShellError;
    }

    private int withTemp(Map<String, String> temp, IntAction a) throws ShellError {
        if (temp == null) {
            return a.run();
        }
        Map<String, Var> saved = tempBegin(temp);
        try {
            return a.run();
        } finally {
            tempEnd(saved);
        }
    }

    /** Sets a command's temporary assignments (exported); returns what to put back with {@link #tempEnd}. */
    Map<String, Var> tempBegin(Map<String, String> temp) throws ShellError {
        Map<String, Var> saved = new HashMap<>();
        for (Map.Entry<String, String> e : temp.entrySet()) {
            Var v = vars.get(e.getKey());
            saved.put(e.getKey(), v == null ? null : v.copy());
            set(e.getKey(), e.getValue());
            vars.get(e.getKey()).exported = true;
        }
        envCache = null;
        return saved;
    }

    void tempEnd(Map<String, Var> saved) {
        for (Map.Entry<String, Var> e : saved.entrySet()) {
            if (e.getValue() == null) {
                vars.remove(e.getKey());
            } else {
                vars.put(e.getKey(), e.getValue());
            }
        }
        envCache = null;
    }

    private int assignOnly(Node.Simple c) {
        try {
            StringBuilder tr = xtrace ? new StringBuilder() : null;
            for (int i = 0; i < c.assignNames.length; i++) {
                String v = expander.expandString(c.assignValues[i]);
                set(c.assignNames[i], v);
                if (tr != null) {
                    tr.append(tr.length() == 0 ? "" : " ").append(c.assignNames[i]).append('=').append(quoteTrace(v));
                }
            }
            if (tr != null) {
                printErr((get("PS4") == null ? "+ " : get("PS4")) + tr + "\n");
            }
        } catch (ShellError e) {
            return shellError(e);
        }
        closeReplay();
        if (c.redirs.length > 0) {
            try {
                restore(applyRedirs(c.redirs));
            } catch (ShellError e) {
                printErr(prefix() + e.getMessage() + "\n");
                status = 1;
                checkErrexit();
                return 1;
            }
        }
        status = cmdSubStatus >= 0 ? cmdSubStatus : 0;
        checkErrexit();
        return status;
    }

    private void trace(Map<String, String> temp, List<String> argv) {
        StringBuilder sb = new StringBuilder(get("PS4") == null ? "+ " : get("PS4"));
        if (temp != null) {
            for (Map.Entry<String, String> e : temp.entrySet()) {
                sb.append(e.getKey()).append('=').append(quoteTrace(e.getValue())).append(' ');
            }
        }
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(quoteTrace(argv.get(i)));
        }
        printErr(sb.append('\n').toString());
    }

    static String quoteTrace(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "-_./=:,+@%^".indexOf(c) >= 0)) {
                return "'" + s.replace("'", "'\"'\"'") + "'";
            }
        }
        return s;
    }

    int callFunction(Node.FuncDef f, List<String> argv, Map<String, String> temp) throws ShellError {
        if (funcDepth >= 1000) {
            printErr(prefix() + f.name + ": function nesting too deep\n");
            throw new ExitEx(2);
        }
        String[] savedParams = params;
        params = argv.subList(1, argv.size()).toArray(new String[0]);
        funcDepth++;
        localFrames.add(new HashMap<>());
        try {
            return withTemp(temp, () -> {
                try {
                    return exec(f.body, false);
                } catch (ReturnEx r) {
                    return status = r.status;
                }
            });
        } finally {
            Map<String, Var> frame = localFrames.remove(localFrames.size() - 1);
            for (Map.Entry<String, Var> e : frame.entrySet()) {
                if (e.getValue() == null) {
                    vars.remove(e.getKey());
                } else {
                    vars.put(e.getKey(), e.getValue());
                }
            }
            if (!frame.isEmpty()) {
                envCache = null;
            }
            funcDepth--;
            params = savedParams;
        }
    }

    /** Runs an external command (PATH lookup in the container) as a child process. */
    int external(List<String> argv, Map<String, String> temp, boolean tail) throws ShellError {
        Object r = startExternal(argv, temp, tail);
        return r instanceof SimProcess child ? waitForeground(child) : (Integer) r;
    }

    /**
     * Starts an external command: its exit status when it already ended (a blocking program runs on this
     * thread), or the child process still running (a timer like {@code sleep}, a suspended script).
     */
    Object startExternal(List<String> argv, Map<String, String> temp, boolean tail) throws ShellError {
        Launch l;
        try {
            l = rt.resolve(ctx, cwd, argv, get("PATH"));
        } catch (ProcessStartException e) {
            markLaunched();
            if (e.reason() == ProcessStartException.Reason.NOT_FOUND) {
                printErr(prefix() + argv.get(0) + ": not found\n");
                return 127;
            }
            printErr(prefix() + argv.get(0) + ": Permission denied\n");
            return 126;
        }
        Program prog = l.program();
        List<String> av = l.argv();
        if (l.textScript()) {
            prog = ShellProgram.PROGRAM;
            List<String> sa = new ArrayList<>();
            sa.add("sh");
            sa.addAll(argv);
            av = sa;
        }
        Map<String, String> env = env();
        if (temp != null) {
            env = new LinkedHashMap<>(env);
            env.putAll(temp);
        }
        if (tail && canTailExec()) {
            ctx.exec(prog, av, env, cwd, in(), out(), err());
            markLaunched();
            throw new ExecEx();
        }
        markLaunched();
        SimProcess child;
        try {
            child = rt.spawn(ctx, av, prog, env, cwd, in(), out(), err(), true);
        } catch (ProcessStartException e) {
            printErr(prefix() + "can't fork: Resource temporarily unavailable\n");
            return 2;
        }
        return child.isRunning() ? child : waitForeground(child);
    }

    /** True when nothing would run after this command in this process (no traps to honour). */
    boolean canTailExec() {
        return !inCommandSubstitution && traps.isEmpty() && !hasPending && !interactive && localFrames.isEmpty();
    }

    int waitForeground(SimProcess child) {
        if (child.isRunning()) {
            ctx.await(child.exit());
        }
        int code = child.exit().join();
        reportSignal(child);
        return code;
    }

    /** Like ash, says on stderr which signal killed a job it waited for (not for SIGINT or SIGPIPE). */
    void reportSignal(SimProcess child) {
        int sig = child.termSignal();
        if (sig != 0 && sig != Signals.SIGINT && sig != Signals.SIGPIPE) {
            printErr(Signals.describe(sig) + "\n");
        }
    }

    // ------------------------------------------------------------------ pipelines, subshells, jobs

    private int execPipeline(Node.Pipeline p) {
        int st;
        if (p.cmds.length == 1) {
            if (p.bang) {
                noErrexit++;
                try {
                    st = exec(p.cmds[0], false);
                } finally {
                    noErrexit--;
                }
                return status = st == 0 ? 1 : 0;
            }
            return exec(p.cmds[0], false);
        }
        SimProcess[] procs = startPipeline(p);
        if (procs == null) {
            return status;
        }
        for (SimProcess sp : procs) {
            if (sp.isRunning()) {
                ctx.await(sp.exit());
            }
        }
        return pipelineStatus(p, procs);
    }

    /**
     * Starts the stages of a pipeline of two or more commands, each a subshell process joined to the next by a
     * pipe; a stage that waits (on {@code sleep}, a pipe, a child) holds no thread. Null when a stage could not
     * start ({@link #status} is then 2 and the stages started are killed).
     */
    SimProcess[] startPipeline(Node.Pipeline p) {
        int n = p.cmds.length;
        SimProcess[] procs = new SimProcess[n];
        InputStream in = in();
        Pipe prev = null;
        try {
            for (int i = 0; i < n; i++) {
                Pipe pipe = i < n - 1 ? new Pipe(65536) : null;
                OutputStream out = pipe != null ? pipe.sink() : out();
                Shell sub = fork();
                Node node = p.cmds[i];
                Pipe readEnd = prev;
                Program prog = Program.resumable(c -> {
                    sub.bind(c);
                    return ShellProgram.drive(sub, new Frames(sub, node, true));
                });
                SimProcess sp = rt.spawn(ctx, ctx.argv(), prog, env(), cwd, in, out, err(), false);
                sp.exit().whenComplete((v, t) -> {
                    if (pipe != null) {
                        pipe.closeWrite();
                    }
                    if (readEnd != null) {
                        readEnd.closeRead();
                    }
                });
                procs[i] = sp;
                if (pipe != null) {
                    in = pipe.source();
                }
                prev = pipe;
            }
        } catch (ProcessStartException e) {
            printErr(prefix() + "can't fork: Resource temporarily unavailable\n");
            for (SimProcess sp : procs) {
                if (sp != null) {
                    sp.signal(Signals.SIGKILL);
                }
            }
            status = 2;
            return null;
        }
        return procs;
    }

    /**
     * The status of a pipeline whose stages all ended: the last stage's ({@code pipefail}: the last non-zero),
     * negated by {@code !}; reports a stage killed by a signal, as ash does, and honours errexit.
     */
    int pipelineStatus(Node.Pipeline p, SimProcess[] procs) {
        int n = procs.length;
        int st = 0;
        for (int i = 0; i < n; i++) {
            int s = waitForeground(procs[i]);
            if (i == n - 1) {
                st = pipefail && st != 0 ? st : s;
            } else if (pipefail && s != 0) {
                st = s;
            }
        }
        if (pipefail) {
            int last = procs[n - 1].exit().join();
            st = last != 0 ? last : st;
        }
        if (p.bang) {
            st = st == 0 ? 1 : 0;
        } else {
            status = st;
            checkErrexit();
        }
        return status = st;
    }

    /** Runs a node as the whole of a subshell process: EXIT trap, exit status, tail exec. */
    int runSubshell(Node node) {
        try {
            exec(node, true);
        } catch (ExitEx e) {
            status = e.status;
        } catch (ExecEx e) {
            return 0;
        } catch (ReturnEx e) {
            status = e.status;
        } catch (BreakEx e) {
            // break outside a loop in the subshell: ignored
        }
        runExitTrap();
        return status;
    }

    /**
     * Starts a subshell process running {@code body} in a copy of this shell; it holds no thread while it waits
     * on a command. With {@code inline} it runs on this thread up to its end or first wait.
     */
    SimProcess spawnSubshell(Node body, InputStream in, boolean inline) throws ProcessStartException {
        return spawnSubshell(fork(), body, in, inline);
    }

    private SimProcess spawnSubshell(Shell sub, Node body, InputStream in, boolean inline)
        throws ProcessStartException {
        return rt.spawn(ctx, ctx.argv(), Program.resumable(c -> {
            sub.bind(c);
            try {
                return ShellProgram.drive(sub, new Frames(sub, body, true));
            } finally {
                sub.markLaunched(); // it waits or ended: whatever it runs has started
            }
        }), env(), cwd, in, out(), err(), inline);
    }

    /** Tells the parent of a background job that the job's command has started (see {@link #launching}). */
    void markLaunched() {
        CompletableFuture<Void> f = launching;
        if (f != null) {
            launching = null;
            f.complete(null);
        }
    }

    /** A command that runs as one simple command (what {@code cmd args &} puts in the background). */
    private static boolean isSimpleCommand(Node n) {
        while (true) {
            if (n instanceof Node.Pipeline p && p.cmds.length == 1 && !p.bang) {
                n = p.cmds[0];
            } else if (n instanceof Node.AndOr a && a.items.length == 1) {
                n = a.items[0];
            } else {
                return n instanceof Node.Simple;
            }
        }
    }

    private int execSubshell(Node body) {
        try {
            SimProcess sp = spawnSubshell(body, in(), true);
            status = waitForeground(sp);
        } catch (ProcessStartException e) {
            printErr(prefix() + "can't fork: Resource temporarily unavailable\n");
            status = 2;
        }
        checkErrexit();
        return status;
    }

    /**
     * Starts {@code node} as a background job. Returns what to wait for before going on (null: nothing): a job
     * that is one simple command shows in {@code ps} with that command before the shell runs its next command
     * (on Linux the child's exec almost always wins that race; here it always does).
     */
    CompletableFuture<?> background(Node node) {
        InputStream bgIn = interactive ? in() : InputStream.nullInputStream();
        try {
            Shell sub = fork();
            CompletableFuture<Void> launched = new CompletableFuture<>();
            if (isSimpleCommand(node)) {
                sub.launching = launched;
            } else {
                launched.complete(null); // a shell running commands: its process entry already shows sh
            }
            SimProcess sp = spawnSubshell(sub, node, bgIn, false);
            lastBg = sp.pid();
            jobs.add(sp);
            status = 0;
            return launched.isDone() ? null : CompletableFuture.anyOf(launched, sp.exit());
        } catch (ProcessStartException e) {
            printErr(prefix() + "can't fork: Resource temporarily unavailable\n");
            status = 2;
            return null;
        }
    }

    /**
     * Runs a command substitution in a copy of this shell and returns its output. While a frame expands a simple
     * command, one that must wait throws {@link Substitution.Wait}, and one that already ended on an earlier
     * try gives its recorded output.
     */
    String commandSubstitution(Node body) {
        markLaunched(); // it may run for long: a background job's process shows sh meanwhile, as on Linux
        Substitution.Replay r = replay;
        Substitution.Result res;
        if (r != null && r.next < r.done.size()) {
            res = r.done.get(r.next++);
        } else {
            Substitution s = new Substitution(this, body);
            if (r != null && r.open) {
                java.util.concurrent.CompletableFuture<?> w = s.run();
                if (w != null) {
                    throw new Substitution.Wait(s, w);
                }
                res = s.result();
                r.done.add(res);
                r.next++;
            } else {
                s.runBlocking();
                res = s.result();
            }
        }
        steps = res.steps();
        cmdSubStatus = res.status();
        status = res.status();
        return res.text();
    }

    // ------------------------------------------------------------------ redirections

    /** What applyRedirs replaced, to put back. */
    static final class Saved {
        final Object[] fds;
        final List<Closeable> opened;

        Saved(Object[] fds, List<Closeable> opened) {
            this.fds = fds;
            this.opened = opened;
        }
    }

    Saved applyRedirs(Node.Redir[] rs) throws ShellError {
        Object[] before = fds.clone();
        List<Closeable> opened = new ArrayList<>(2);
        try {
            applyRedirsTo(rs, opened);
        } catch (ShellError e) {
            System.arraycopy(before, 0, fds, 0, fds.length);
            closeAll(opened);
            throw e;
        }
        return new Saved(before, opened);
    }

    void applyRedirsTo(Node.Redir[] rs, List<Closeable> opened) throws ShellError {
        for (Node.Redir r : rs) {
            if (r.op.startsWith("<<")) {
                String body = expander.expandHeredoc(r.hereBody);
                fds[r.fd] = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
                continue;
            }
            String target = expander.expandString(r.target);
            switch (r.op) {
                case "<", "<>" -> {
                    try {
                        InputStream i = SysFiles.read(ctxAt(), target);
                        opened.add(i);
                        fds[r.fd] = i;
                    } catch (FsException e) {
                        throw new ShellError("can't open " + target + ": " + openText(e), 1, false);
                    }
                }
                case ">", ">|", ">>", "&>" -> {
                    OutputStream o = openWrite(target, r.op.equals(">>"));
                    opened.add(o);
                    fds[r.fd] = o;
                    if (r.op.equals("&>")) {
                        fds[2] = o;
                    }
                }
                case ">&", "<&" -> {
                    if (target.equals("-")) {
                        fds[r.fd] = null;
                    } else if (target.matches("[0-9]")) {
                        Object src = fds[target.charAt(0) - '0'];
                        if (src == null && target.charAt(0) != '0') {
                            throw new ShellError(target + ": bad file descriptor", 1, false);
                        }
                        fds[r.fd] = src;
                    } else if (r.op.equals(">&")) {
                        OutputStream o = openWrite(target, false);
                        opened.add(o);
                        fds[1] = o;
                        fds[2] = o;
                    } else {
                        throw new ShellError(target + ": bad file descriptor", 1, false);
                    }
                }
                default -> throw new ShellError("unsupported redirection " + r.op, 1, false);
            }
        }
    }

    private OutputStream openWrite(String target, boolean append) throws ShellError {
        try {
            return SysFiles.write(ctxAt(), target, append);
        } catch (FsException e) {
            String why = switch (e.errno()) {
                case ENOENT, ENOTDIR -> "nonexistent directory";
                default -> e.errno().text();
            };
            throw new ShellError("can't create " + target + ": " + why, 1, false);
        }
    }

    private static String openText(FsException e) {
        return switch (e.errno()) {
            case ENOENT -> "no such file";
            case EISDIR -> "Is a directory";
            case EACCES -> "Permission denied";
            default -> e.errno().text();
        };
    }

    /** The context with this shell's working directory (forked shells share a context until bound). */
    ProgramContext ctxAt() {
        if (!cwd.equals(ctx.cwd())) {
            ctx.cwd(cwd);
        }
        return ctx;
    }

    void restore(Saved s) {
        System.arraycopy(s.fds, 0, fds, 0, fds.length);
        closeAll(s.opened);
    }

    private static void closeAll(List<Closeable> l) {
        for (Closeable c : l) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
    }

    static boolean isKilled(Throwable t) {
        return t instanceof ProcessKilled;
    }
}
