package dev.drydock.runtime.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.Program;
import dev.drydock.runtime.ResumableProgram;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.SysFiles;
import dev.drydock.runtime.io.Pipe;

/**
 * The {@code sh}/{@code ash}/{@code bash} program: {@code sh -c 'cmd' [name [args]]}, {@code sh script [args]},
 * or commands from stdin, interactive with a prompt on a TTY.
 *
 * <p>A script ({@code -c} or a file) and commands read from stdin run from {@link Frames}: while the shell waits
 * on a foreground command, a pipeline, a substitution, {@code wait} or its next line of input it holds no
 * thread.
 */
public final class ShellProgram implements ResumableProgram {
    /** The shell as a program (one instance serves every process; state lives per run). */
    public static final Program PROGRAM = Program.resumable(new ShellProgram());

    @Override
    public Slice start(ProgramContext ctx) throws Exception {
        Shell sh = new Shell(ctx, ctx.runtime().config().stepBudget());
        List<String> argv = ctx.argv();
        boolean readStdin = false;
        boolean forceInteractive = false;
        int i = 1;
        boolean cFlag = false;
        while (i < argv.size()) {
            String a = argv.get(i);
            if (a.equals("--") || a.equals("-")) {
                i++;
                break;
            }
            if ((a.startsWith("-") || a.startsWith("+")) && a.length() > 1) {
                boolean on = a.charAt(0) == '-';
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    switch (c) {
                        case 'c' -> cFlag = true;
                        case 's' -> readStdin = true;
                        case 'i' -> forceInteractive = true;
                        case 'l' -> {
                            // login shell: no profile files are simulated
                        }
                        case 'o' -> {
                            if (i + 1 < argv.size()) {
                                sh.builtins.option(argv.get(++i), on);
                            }
                        }
                        default -> {
                            if (!sh.builtins.flag(c, on)) {
                                ctx.err("sh: -" + c + ": invalid option\n");
                                return Slice.exit(2);
                            }
                        }
                    }
                }
                i++;
                continue;
            }
            break;
        }
        if (cFlag) {
            if (i >= argv.size()) {
                ctx.err("sh: -c requires an argument\n");
                return Slice.exit(2);
            }
            String cmdText = argv.get(i++);
            if (i < argv.size()) {
                sh.arg0 = argv.get(i++);
            }
            sh.params = argv.subList(i, argv.size()).toArray(new String[0]);
            sh.scriptName = "sh";
            sh.lineZeroBased = true;
            return drive(sh, new Frames(sh, new Script(sh, cmdText)));
        }
        if (!readStdin && i < argv.size()) {
            String script = argv.get(i++);
            sh.arg0 = script;
            sh.params = argv.subList(i, argv.size()).toArray(new String[0]);
            String text;
            try {
                text = SysFiles.readText(ctx, script);
            } catch (IOException e) {
                String why = e instanceof FsException fe ? fe.errno().text() : "No such file or directory";
                ctx.err("sh: can't open '" + script + "': " + why + "\n");
                return Slice.exit(2);
            }
            sh.scriptName = script;
            sh.lineZeroBased = false;
            return drive(sh, new Frames(sh, new Script(sh, text)));
        }
        sh.params = argv.subList(i, argv.size()).toArray(new String[0]);
        sh.interactive = forceInteractive || ctx.isTty();
        if (sh.interactive) {
            ctx.onSignal(Signals.SIGINT, s -> { });
            ctx.ignoreSignal(Signals.SIGTERM);
            ctx.ignoreSignal(Signals.SIGQUIT);
            sh.vars.putIfAbsent("PS1", new Shell.Var("\\w \\$ ", false));
        }
        return drive(sh, new Frames(sh, new Commands(sh)));
    }

    /**
     * Runs frames to the program's end or its next wait, ending it like a shell process ends: {@code exit},
     * {@code exec}, a stray {@code return}/{@code break}, the EXIT trap.
     */
    static Slice drive(Shell sh, Frames m) {
        try {
            java.util.concurrent.CompletableFuture<?> w = m.run();
            if (w != null) {
                return Slice.await(w, () -> drive(sh, m));
            }
        } catch (Shell.ExitEx e) {
            sh.status = e.status;
        } catch (Shell.ExecEx e) {
            return Slice.exit(0);
        } catch (Shell.ReturnEx e) {
            sh.status = e.status;
        } catch (Shell.BreakEx e) {
            // break at top level ends nothing
        }
        try {
            sh.runExitTrap();
        } catch (Shell.ExitEx e) {
            sh.status = e.status;
        }
        try {
            sh.out().flush();
        } catch (IOException ignored) {
            // gone
        }
        return Slice.exit(sh.status);
    }

    /** A script's top level: parses one command at a time, so one after a syntax error never runs. */
    static final class Script extends Frames.Frame {
        private final Shell sh;
        private final Parser parser;
        private final boolean tailAllowed;
        private boolean started;
        private Node next;
        private ShellSyntaxError deferred;

        Script(Shell sh, String text) {
            this(sh, text, true);
        }

        /** @param tailAllowed the last command may replace the process (not in a sourced file) */
        Script(Shell sh, String text, boolean tailAllowed) {
            this.sh = sh;
            this.parser = new Parser(text);
            this.tailAllowed = tailAllowed;
        }

        @Override
        void next(Frames m, int st) {
            if (!started) {
                started = true;
                try {
                    next = parser.parseNext();
                } catch (ShellSyntaxError e) {
                    m.ret(syntaxError(sh, e));
                    return;
                }
            } else if (deferred != null) {
                m.ret(syntaxError(sh, deferred));
                return;
            }
            if (next == null) {
                m.ret(sh.status);
                return;
            }
            Node cur = next;
            try {
                next = parser.parseNext();
            } catch (ShellSyntaxError e) {
                next = null;
                deferred = e;
            }
            m.call(cur, tailAllowed && next == null && deferred == null, false);
        }
    }

    /**
     * Runs script text command by command (a syntax error stops there, after the commands before it ran).
     *
     * @param tailAllowed the last command may replace the process (exec optimisation)
     */
    static int runText(Shell sh, String text, boolean top, boolean tailAllowed) {
        Parser p = new Parser(text);
        Node next;
        try {
            next = p.parseNext();
        } catch (ShellSyntaxError e) {
            return syntaxError(sh, e);
        }
        while (next != null) {
            Node cur = next;
            ShellSyntaxError deferred = null;
            try {
                next = p.parseNext();
            } catch (ShellSyntaxError e) {
                next = null;
                deferred = e;
            }
            boolean last = next == null && deferred == null;
            sh.exec(cur, tailAllowed && last);
            if (deferred != null) {
                return syntaxError(sh, deferred);
            }
        }
        return sh.status;
    }

    private static int syntaxError(Shell sh, ShellSyntaxError e) {
        sh.line = e.line;
        sh.printErr(sh.prefix() + e.getMessage() + "\n");
        sh.status = 2;
        if (!sh.interactive) {
            throw new Shell.ExitEx(2);
        }
        return 2;
    }

    /**
     * Commands read from stdin line by line (interactive or not): while no whole line is there yet, the shell
     * waits for one without a thread; a line that leaves a command open reads the next (after PS2).
     */
    private static final class Commands extends Frames.Frame {
        private final Shell sh;
        private final InputStream in;
        private final StringBuilder pendingText = new StringBuilder();
        private final ArrayDeque<Node> ready = new ArrayDeque<>();
        private int lineNo = 1;
        private boolean prompted;

        Commands(Shell sh) {
            this.sh = sh;
            this.in = sh.in();
        }

        @Override
        void next(Frames m, int st) {
            while (ready.isEmpty()) {
                if (sh.interactive && !prompted) {
                    prompted = true;
                    sh.printErr(pendingText.length() == 0 ? prompt(sh) : sh.get("PS2") == null ? "> " : sh.get("PS2"));
                    try {
                        sh.err().flush();
                    } catch (IOException ignored) {
                        // gone
                    }
                }
                CompletableFuture<Void> whole = Pipe.whenLineReadable(in);
                if (whole != null && !whole.isDone()) {
                    m.suspend(whole);
                    return;
                }
                prompted = false;
                String line;
                try {
                    line = readLine(in);
                } catch (IOException e) {
                    sh.ctx.checkAlive();
                    line = null;
                }
                if (line == null) {
                    if (pendingText.length() > 0 && !sh.interactive) {
                        try {
                            Parser.parseAll(pendingText.toString());
                        } catch (ShellSyntaxError e) {
                            syntaxError(sh, e);
                        }
                    }
                    m.ret(sh.status);
                    return;
                }
                pendingText.append(line).append('\n');
                List<Node> nodes = new ArrayList<>();
                Parser p = new Parser(pendingText.toString(), lineNo);
                try {
                    Node n;
                    while ((n = p.parseNext()) != null) {
                        nodes.add(n);
                    }
                } catch (ShellSyntaxError e) {
                    if (e.incomplete) {
                        continue;
                    }
                    lineNo += count(pendingText);
                    pendingText.setLength(0);
                    syntaxError(sh, e);
                    continue;
                }
                lineNo += count(pendingText);
                pendingText.setLength(0);
                ready.addAll(nodes);
            }
            m.call(ready.poll(), false, false);
        }

        @Override
        boolean caught(Frames m, RuntimeException e) {
            // a stray break or return ends the command it is in, not the shell
            return e instanceof Shell.BreakEx || e instanceof Shell.ReturnEx;
        }
    }

    private static int count(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(c);
        }
    }

    private static String prompt(Shell sh) {
        String ps1 = sh.get("PS1");
        if (ps1 == null) {
            return sh.ctx.uid() == 0 ? "# " : "$ ";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ps1.length(); i++) {
            char c = ps1.charAt(i);
            if (c != '\\' || i + 1 >= ps1.length()) {
                sb.append(c);
                continue;
            }
            char n = ps1.charAt(++i);
            switch (n) {
                case 'w' -> {
                    String home = sh.get("HOME");
                    String cwd = sh.cwd;
                    if (home != null && !home.equals("/") && (cwd.equals(home) || cwd.startsWith(home + "/"))) {
                        cwd = "~" + cwd.substring(home.length());
                    }
                    sb.append(cwd);
                }
                case 'W' -> sb.append(sh.cwd.equals("/") ? "/" : dev.drydock.fs.Paths.name(sh.cwd));
                case 'u' -> {
                    String u = dev.drydock.runtime.Users.userName(sh.ctx.fs(), sh.ctx.uid());
                    sb.append(u == null ? Integer.toString(sh.ctx.uid()) : u);
                }
                case 'h', 'H' -> sb.append(sh.ctx.hostname());
                case '$' -> sb.append(sh.ctx.uid() == 0 ? '#' : '$');
                case 'n' -> sb.append('\n');
                case '\\' -> sb.append('\\');
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }
}
