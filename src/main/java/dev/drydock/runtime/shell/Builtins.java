package dev.drydock.runtime.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import dev.drydock.fs.FileStat;
import dev.drydock.fs.FsException;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.Launch;
import dev.drydock.runtime.ProcessStartException;
import dev.drydock.runtime.Program;
import dev.drydock.runtime.SimProcess;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.SysFiles;
import dev.drydock.runtime.applets.Printf;

/** The shell's builtin commands (ash's set). */
final class Builtins {
    private static final Set<String> SPECIAL = Set.of(":", ".", "source", "break", "continue", "eval", "exec",
        "exit", "export", "readonly", "return", "set", "shift", "trap", "unset", "local", "times");
    private static final Set<String> REGULAR = Set.of("true", "false", "echo", "printf", "test", "[", "cd", "pwd",
        "read", "wait", "kill", "type", "command", "umask", "getopts", "let", "alias", "unalias", "hash", "jobs",
        "ulimit", "fg", "bg", "help");

    private final Shell sh;
    private final Map<String, String> aliases = new TreeMap<>();
    private int getoptsChar = 1;

    Builtins(Shell sh) {
        this.sh = sh;
    }

    /** {@code pwd} prints the logical directory; {@code -P} the one with every symlink resolved. */
    private int pwd(List<String> a) throws IOException {
        String dir = sh.cwd;
        if (a.size() > 1 && a.get(a.size() - 1).equals("-P")) {
            try {
                dir = sh.ctxAt().fs().realPath(dir);
            } catch (FsException e) {
                // A directory removed under the shell: busybox prints the logical path it keeps.
            }
        }
        sh.print(dir + "\n");
        return 0;
    }

    static boolean isSpecial(String name) {
        return SPECIAL.contains(name);
    }

    static boolean isRegular(String name) {
        return REGULAR.contains(name);
    }

    static boolean isBuiltin(String name) {
        return SPECIAL.contains(name) || REGULAR.contains(name);
    }

    int run(String name, List<String> argv, boolean tail) throws ShellError {
        try {
            return dispatch(name, argv, tail);
        } catch (IOException e) {
            return 1;
        }
    }

    private int dispatch(String name, List<String> a, boolean tail) throws ShellError, IOException {
        switch (name) {
            case ":", "true":
                return 0;
            case "false":
                return 1;
            case "echo":
                return echo(a);
            case "printf":
                return Printf.run(a.subList(1, a.size()), sh.out(), sh.err(), "sh");
            case "test", "[":
                return TestCommand.test(sh.ctxAt(), a, name, sh.err(), "sh");
            case "cd":
                return cd(a);
            case "pwd":
                return pwd(a);
            case "exit":
                throw new Shell.ExitEx(a.size() > 1 ? number(a.get(1), "exit") & 0xff : sh.status);
            case "return":
                throw new Shell.ReturnEx(a.size() > 1 ? number(a.get(1), "return") & 0xff : sh.status);
            case "break", "continue": {
                int n = a.size() > 1 ? number(a.get(1), name) : 1;
                if (sh.loopDepth == 0) {
                    return 0;
                }
                throw new Shell.BreakEx(Math.max(1, Math.min(n, sh.loopDepth)), name.equals("continue"));
            }
            case "export", "readonly":
                return export(a, name.equals("readonly"));
            case "local":
                return local(a);
            case "unset":
                return unset(a);
            case "set":
                return set(a);
            case "shift": {
                int n = a.size() > 1 ? number(a.get(1), "shift") : 1;
                if (n > sh.params.length || n < 0) {
                    return 1;
                }
                String[] p = new String[sh.params.length - n];
                System.arraycopy(sh.params, n, p, 0, p.length);
                sh.params = p;
                return 0;
            }
            case "eval":
                if (a.size() == 1) {
                    return 0;
                }
                return sh.evalString(String.join(" ", a.subList(1, a.size())));
            case ".", "source":
                return source(a);
            case "exec":
                return exec(a);
            case "trap":
                return trap(a);
            case "read":
                return read(a);
            case "wait":
                return waitCmd(a);
            case "kill":
                return kill(a);
            case "type":
                return type(a);
            case "command":
                return command(a, tail);
            case "umask":
                if (a.size() > 1) {
                    try {
                        sh.ctx.process().umask(Integer.parseInt(a.get(1), 8));
                    } catch (NumberFormatException e) {
                        sh.printErr(sh.builtinPrefix("umask") + "Illegal mode: " + a.get(1) + "\n");
                        return 1;
                    }
                    return 0;
                }
                sh.print(String.format("%04o%n", sh.ctx.process().umask()));
                return 0;
            case "let": {
                String last = "0";
                for (int i = 1; i < a.size(); i++) {
                    Word w = new Word(List.of(new Word.Arith(Word.of(a.get(i)))));
                    last = sh.expander.expandString(w);
                }
                return last.equals("0") ? 1 : 0;
            }
            case "getopts":
                return getopts(a);
            case "alias":
                if (a.size() == 1) {
                    for (Map.Entry<String, String> e : aliases.entrySet()) {
                        sh.print(e.getKey() + "='" + e.getValue() + "'\n");
                    }
                    return 0;
                }
                for (String s : a.subList(1, a.size())) {
                    int eq = s.indexOf('=');
                    if (eq > 0) {
                        aliases.put(s.substring(0, eq), s.substring(eq + 1));
                    }
                }
                return 0;
            case "unalias":
                for (String s : a.subList(1, a.size())) {
                    aliases.remove(s);
                }
                return 0;
            case "hash", "times", "help":
                if (name.equals("times")) {
                    sh.print("0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n");
                }
                return 0;
            case "jobs": {
                int i = 1;
                for (SimProcess p : sh.jobs) {
                    if (p.isRunning()) {
                        sh.print("[" + i + "]+  Running                    " + p.commandLine() + "\n");
                    }
                    i++;
                }
                return 0;
            }
            case "ulimit":
                sh.print(a.contains("-a") ? "-f: file size (blocks)             unlimited\n-n: file descriptors "
                    + "              1048576\n" : a.contains("-n") ? "1048576\n" : "unlimited\n");
                return 0;
            case "fg", "bg":
                sh.printErr(sh.builtinPrefix(name) + "job control not enabled\n");
                return 1;
            default:
                return 127;
        }
    }

    private int number(String s, String builtin) throws ShellError {
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0 && !builtin.equals("return") && !builtin.equals("exit")) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (NumberFormatException e) {
            sh.printErr(sh.builtinPrefix(builtin) + "Illegal number: " + s + "\n");
            throw new Shell.ExitEx(2);
        }
    }

    private int echo(List<String> a) throws IOException {
        boolean newline = true;
        boolean escapes = false;
        int i = 1;
        while (i < a.size()) {
            String s = a.get(i);
            if (s.length() < 2 || s.charAt(0) != '-' || !s.substring(1).chars().allMatch(c -> c == 'n' || c == 'e'
                || c == 'E')) {
                break;
            }
            for (char c : s.substring(1).toCharArray()) {
                if (c == 'n') {
                    newline = false;
                } else if (c == 'e') {
                    escapes = true;
                } else {
                    escapes = false;
                }
            }
            i++;
        }
        StringBuilder sb = new StringBuilder();
        for (int j = i; j < a.size(); j++) {
            if (j > i) {
                sb.append(' ');
            }
            if (escapes) {
                if (Printf.escapes(a.get(j), sb, true)) {
                    sh.out().write(Printf.bytes(sb));
                    return 0;
                }
            } else {
                sb.append(a.get(j));
            }
        }
        if (newline) {
            sb.append('\n');
        }
        sh.out().write(Printf.bytes(sb));
        return 0;
    }

    private int cd(List<String> a) throws IOException, ShellError {
        String target;
        boolean print = false;
        List<String> args = new ArrayList<>(a.subList(1, a.size()));
        while (!args.isEmpty() && (args.get(0).equals("-P") || args.get(0).equals("-L"))) {
            args.remove(0);
        }
        if (args.isEmpty()) {
            target = sh.get("HOME");
            if (target == null || target.isEmpty()) {
                return 0;
            }
        } else if (args.get(0).equals("-")) {
            target = sh.get("OLDPWD");
            if (target == null) {
                target = sh.cwd;
            }
            print = true;
        } else {
            target = args.get(0);
        }
        String path = Paths.resolve(sh.cwd, target);
        String why = null;
        try {
            FileStat st = SysFiles.stat(sh.ctxAt(), path, true).orElse(null);
            if (st == null) {
                why = "No such file or directory";
            } else if (!st.isDirectory()) {
                why = "Not a directory";
            }
        } catch (FsException e) {
            why = e.errno().text();
        }
        if (why != null) {
            sh.printErr(sh.builtinPrefix("cd") + "can't cd to " + target + ": " + why + "\n");
            return 2;
        }
        sh.set("OLDPWD", sh.cwd);
        sh.cwd = path;
        sh.ctxAt();
        sh.export("PWD", path);
        if (print) {
            sh.print(path + "\n");
        }
        return 0;
    }

    private int export(List<String> a, boolean readonly) throws IOException, ShellError {
        List<String> names = new ArrayList<>();
        for (String s : a.subList(1, a.size())) {
            if (!s.equals("-p") && !s.equals("-n")) {
                names.add(s);
            }
        }
        if (names.isEmpty()) {
            TreeMap<String, Shell.Var> sorted = new TreeMap<>(sh.vars);
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Shell.Var> e : sorted.entrySet()) {
                Shell.Var v = e.getValue();
                if (readonly ? v.readonly : v.exported) {
                    sb.append(readonly ? "readonly " : "export ").append(e.getKey());
                    if (v.value != null) {
                        sb.append("='").append(v.value.replace("'", "'\"'\"'")).append('\'');
                    }
                    sb.append('\n');
                }
            }
            sh.print(sb.toString());
            return 0;
        }
        for (String s : names) {
            int eq = s.indexOf('=');
            String n = eq > 0 ? s.substring(0, eq) : s;
            if (!Parser.isName(n)) {
                sh.printErr(sh.builtinPrefix(a.get(0)) + n + ": bad variable name\n");
                return 1;
            }
            String v = eq > 0 ? s.substring(eq + 1) : null;
            if (readonly) {
                if (v != null) {
                    sh.set(n, v);
                } else if (!sh.vars.containsKey(n)) {
                    sh.vars.put(n, new Shell.Var(null, false));
                }
                sh.vars.get(n).readonly = true;
            } else {
                sh.export(n, v);
            }
        }
        return 0;
    }

    private int local(List<String> a) throws ShellError {
        if (sh.localFrames.isEmpty()) {
            sh.printErr(sh.builtinPrefix("local") + "not in a function\n");
            return 2;
        }
        for (String s : a.subList(1, a.size())) {
            int eq = s.indexOf('=');
            String n = eq > 0 ? s.substring(0, eq) : s;
            sh.makeLocal(n);
            if (eq > 0) {
                Shell.Var old = sh.vars.get(n);
                sh.vars.put(n, new Shell.Var(s.substring(eq + 1), old != null && old.exported));
            } else {
                Shell.Var old = sh.vars.get(n);
                sh.vars.put(n, new Shell.Var(null, old != null && old.exported));
            }
            sh.envCache = null;
        }
        return 0;
    }

    private int unset(List<String> a) throws ShellError {
        boolean funcs = false;
        for (String s : a.subList(1, a.size())) {
            if (s.equals("-f")) {
                funcs = true;
            } else if (s.equals("-v")) {
                funcs = false;
            } else if (funcs) {
                sh.funcs.remove(s);
            } else {
                sh.unset(s);
            }
        }
        return 0;
    }

    private int set(List<String> a) throws IOException {
        if (a.size() == 1) {
            TreeMap<String, Shell.Var> sorted = new TreeMap<>(sh.vars);
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Shell.Var> e : sorted.entrySet()) {
                if (e.getValue().value != null) {
                    sb.append(e.getKey()).append("='").append(e.getValue().value.replace("'", "'\"'\"'"))
                        .append("'\n");
                }
            }
            sh.print(sb.toString());
            return 0;
        }
        int i = 1;
        while (i < a.size()) {
            String s = a.get(i);
            if (s.equals("--")) {
                i++;
                sh.params = a.subList(i, a.size()).toArray(new String[0]);
                return 0;
            }
            if ((s.startsWith("-") || s.startsWith("+")) && s.length() > 1) {
                boolean on = s.charAt(0) == '-';
                if (s.substring(1).equals("o")) {
                    if (i + 1 >= a.size()) {
                        sh.print(String.format("errexit        \t%s%nnoglob         \t%s%nnounset        \t%s%n"
                                + "xtrace         \t%s%npipefail       \t%s%n", onOff(sh.errexit), onOff(sh.noglob),
                            onOff(sh.nounset), onOff(sh.xtrace), onOff(sh.pipefail)));
                        return 0;
                    }
                    String opt = a.get(++i);
                    if (!option(opt, on)) {
                        sh.printErr(sh.builtinPrefix("set") + "Illegal option -o " + opt + "\n");
                        return 2;
                    }
                    i++;
                    continue;
                }
                for (char c : s.substring(1).toCharArray()) {
                    if (!flag(c, on)) {
                        sh.printErr(sh.builtinPrefix("set") + "Illegal option " + s.charAt(0) + c + "\n");
                        return 2;
                    }
                }
                i++;
                continue;
            }
            sh.params = a.subList(i, a.size()).toArray(new String[0]);
            return 0;
        }
        return 0;
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    boolean flag(char c, boolean on) {
        switch (c) {
            case 'e' -> sh.errexit = on;
            case 'x' -> sh.xtrace = on;
            case 'u' -> sh.nounset = on;
            case 'f' -> sh.noglob = on;
            case 'a' -> sh.allexport = on;
            case 'v', 'h', 'm', 'b', 'C', 'n' -> {
                // accepted, not simulated
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    boolean option(String name, boolean on) {
        switch (name) {
            case "errexit" -> sh.errexit = on;
            case "xtrace" -> sh.xtrace = on;
            case "nounset" -> sh.nounset = on;
            case "noglob" -> sh.noglob = on;
            case "pipefail" -> sh.pipefail = on;
            case "allexport" -> sh.allexport = on;
            case "verbose", "noclobber", "monitor", "vi", "emacs", "noexec", "notify" -> {
                // accepted, not simulated
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private int source(List<String> a) throws ShellError {
        String text = sourceText(a);
        if (text == null) {
            return 2;
        }
        String[] savedParams = sh.params;
        if (a.size() > 2) {
            sh.params = a.subList(2, a.size()).toArray(new String[0]);
        }
        try {
            return ShellProgram.runText(sh, text, false, false);
        } catch (Shell.ReturnEx r) {
            return sh.status = r.status;
        } finally {
            if (a.size() > 2) {
                sh.params = savedParams;
            }
        }
    }

    /**
     * The text {@code . file} runs (found through PATH like ash), or null after the usage error (status 2); a
     * file that is not there or cannot be read ends the shell with 2.
     */
    String sourceText(List<String> a) {
        if (a.size() < 2) {
            sh.printErr(sh.builtinPrefix(a.get(0)) + "filename argument required\n");
            return null;
        }
        String file = a.get(1);
        String path = null;
        if (file.contains("/")) {
            path = file;
        } else {
            String found = sh.rt.which(sh.ctxAt(), file, sh.get("PATH"));
            if (found != null) {
                path = found;
            } else if (SysFiles.exists(sh.ctxAt(), file)) {
                path = file;
            }
        }
        if (path == null) {
            sh.printErr(sh.builtinPrefix(a.get(0)) + file + ": not found\n");
            throw new Shell.ExitEx(2);
        }
        try {
            return SysFiles.readText(sh.ctxAt(), path);
        } catch (IOException e) {
            String why = e instanceof FsException fe ? fe.errno().text() : "No such file or directory";
            sh.printErr(sh.builtinPrefix(a.get(0)) + "can't open '" + file + "': " + why + "\n");
            throw new Shell.ExitEx(2);
        }
    }

    /** Set by {@code exec} without a command: the redirections stay. */
    boolean keepRedirections;

    private int exec(List<String> a) throws ShellError {
        if (a.size() == 1) {
            keepRedirections = true;
            return 0;
        }
        List<String> argv = a.subList(1, a.size());
        Launch l;
        try {
            l = sh.rt.resolve(sh.ctxAt(), sh.cwd, argv, sh.get("PATH"));
        } catch (ProcessStartException e) {
            boolean nf = e.reason() == ProcessStartException.Reason.NOT_FOUND;
            sh.printErr(sh.builtinPrefix("exec") + argv.get(0) + (nf ? ": not found\n" : ": Permission denied\n"));
            throw new Shell.ExitEx(nf ? 127 : 126);
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
        if (sh.inCommandSubstitution) {
            int st = sh.external(new ArrayList<>(argv), null, false);
            throw new Shell.ExitEx(st);
        }
        sh.ctx.exec(prog, av, sh.env(), sh.cwd, sh.in(), sh.out(), sh.err());
        throw new Shell.ExecEx();
    }

    private int trap(List<String> a) throws IOException {
        if (a.size() == 1) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<Integer, String> e : sh.traps.entrySet()) {
                String n = e.getKey() == 0 ? "EXIT" : Signals.name(e.getKey());
                sb.append("trap -- '").append(e.getValue().replace("'", "'\"'\"'")).append("' ").append(n)
                    .append('\n');
            }
            sh.print(sb.toString());
            return 0;
        }
        if (a.get(1).equals("-l")) {
            return kill(List.of("kill", "-l"));
        }
        int first = 1;
        String action;
        if (a.get(1).equals("--")) {
            first = 2;
        }
        if (a.size() == first + 1 || (first < a.size() && Signals.parse(a.get(first)) >= 0
            && a.get(first).chars().allMatch(Character::isDigit) && a.size() == first + 1)) {
            action = null;
        } else {
            action = a.get(first);
            first++;
            if (action.equals("-")) {
                action = null;
            }
        }
        int rc = 0;
        for (int i = first; i < a.size(); i++) {
            String s = a.get(i);
            int sig = s.equalsIgnoreCase("EXIT") || s.equals("0") ? 0 : Signals.parse(s);
            if (sig < 0 || sig == Signals.SIGKILL || sig == Signals.SIGSTOP) {
                if (sig < 0) {
                    sh.printErr(sh.builtinPrefix("trap") + s + ": invalid signal specification\n");
                    rc = 1;
                    continue;
                }
            }
            sh.installTrap(sig, action);
        }
        return rc;
    }

    private int read(List<String> a) throws IOException, ShellError {
        boolean raw = false;
        String prompt = null;
        int nchars = -1;
        char delim = '\n';
        List<String> names = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            String s = a.get(i);
            if (s.equals("-r")) {
                raw = true;
            } else if (s.equals("-p") && i + 1 < a.size()) {
                prompt = a.get(++i);
            } else if (s.equals("-t") && i + 1 < a.size()) {
                i++;
            } else if (s.equals("-n") && i + 1 < a.size()) {
                nchars = Integer.parseInt(a.get(++i));
            } else if (s.equals("-d") && i + 1 < a.size()) {
                String d = a.get(++i);
                delim = d.isEmpty() ? '\0' : d.charAt(0);
            } else if (s.equals("-s")) {
                // no echo: nothing to do without a real terminal
            } else if (s.startsWith("-") && s.length() > 1 && names.isEmpty()) {
                sh.printErr(sh.builtinPrefix("read") + "Illegal option " + s + "\n");
                return 2;
            } else {
                names.add(s);
            }
        }
        if (names.isEmpty()) {
            names.add("REPLY");
        }
        if (prompt != null) {
            sh.err().write(prompt.getBytes(StandardCharsets.UTF_8));
            sh.err().flush();
        }
        InputStream in = sh.in();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        boolean eof = false;
        int count = 0;
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (java.io.InterruptedIOException e) {
                sh.ctx.checkAlive();
                return 1;
            }
            if (c < 0) {
                eof = true;
                break;
            }
            if (c == delim) {
                break;
            }
            if (c == '\\' && !raw) {
                int n = in.read();
                if (n == '\n' || n < 0) {
                    continue;
                }
                buf.write('\\');
                buf.write(n);
                continue;
            }
            buf.write(c);
            if (nchars > 0 && ++count >= nchars) {
                break;
            }
        }
        String line = buf.toString(StandardCharsets.UTF_8);
        if (!raw) {
            line = line.replaceAll("\\\\(.)", "$1");
        }
        String ifs = sh.get("IFS");
        if (ifs == null) {
            ifs = " \t\n";
        }
        assignFields(names, line, ifs);
        return eof && buf.size() == 0 ? 1 : eof ? 1 : 0;
    }

    private void assignFields(List<String> names, String line, String ifs) throws ShellError {
        String ws = ifs.replaceAll("[^ \t\n]", "");
        int pos = 0;
        int n = line.length();
        for (int k = 0; k < names.size(); k++) {
            while (pos < n && ws.indexOf(line.charAt(pos)) >= 0) {
                pos++;
            }
            if (k == names.size() - 1) {
                int end = n;
                while (end > pos && ws.indexOf(line.charAt(end - 1)) >= 0) {
                    end--;
                }
                sh.set(names.get(k), line.substring(pos, end));
                break;
            }
            int start = pos;
            while (pos < n && ifs.indexOf(line.charAt(pos)) < 0) {
                pos++;
            }
            sh.set(names.get(k), line.substring(start, pos));
            if (pos < n && ifs.indexOf(line.charAt(pos)) >= 0 && ws.indexOf(line.charAt(pos)) < 0) {
                pos++;
            }
        }
    }

    private int waitCmd(List<String> a) {
        WaitJob job = waitJob(a);
        CompletableFuture<?> f;
        while ((f = waitStep(job)) != null) {
            sh.ctx.await(f);
        }
        return job.result;
    }

    /** A {@code wait} in progress: what it waits for and how far it got (a frame resumes it). */
    static final class WaitJob {
        final List<SimProcess> targets;
        final boolean all;
        int next;
        int st;
        int result = -1;

        WaitJob(List<SimProcess> targets, boolean all) {
            this.targets = targets;
            this.all = all;
        }
    }

    /** Parses {@code wait}'s operands (an unknown one finishes the job with 127). */
    WaitJob waitJob(List<String> a) {
        List<SimProcess> targets = new ArrayList<>();
        WaitJob job = new WaitJob(targets, a.size() == 1);
        if (a.size() == 1) {
            targets.addAll(sh.jobs);
        } else {
            for (String s : a.subList(1, a.size())) {
                SimProcess found = null;
                String p = s.startsWith("%") ? null : s;
                if (s.startsWith("%")) {
                    try {
                        int idx = Integer.parseInt(s.substring(1)) - 1;
                        if (idx >= 0 && idx < sh.jobs.size()) {
                            found = sh.jobs.get(idx);
                        }
                    } catch (NumberFormatException ignored) {
                        // not a job number
                    }
                } else {
                    for (SimProcess j : sh.jobs) {
                        if (Integer.toString(j.pid()).equals(p)) {
                            found = j;
                        }
                    }
                }
                if (found == null) {
                    job.result = 127;
                    return job;
                }
                targets.add(found);
            }
        }
        return job;
    }

    /**
     * Advances a {@code wait}: null once it finished ({@link WaitJob#result}), else what to wait for before the
     * next step (a job's exit, or a trapped signal, which ends the wait with 128+n after its trap ran).
     */
    CompletableFuture<?> waitStep(WaitJob job) {
        if (job.result >= 0) {
            return null;
        }
        while (job.next < job.targets.size()) {
            SimProcess p = job.targets.get(job.next);
            CompletableFuture<Void> woken = sh.newWakeup();
            if (sh.hasPending) {
                int sig = sh.pending.isEmpty() ? 0 : sh.pending.peek();
                sh.runPendingTraps();
                job.result = 128 + sig;
                return null;
            }
            if (p.isRunning()) {
                return CompletableFuture.anyOf(p.exit(), woken);
            }
            job.st = p.exit().join();
            if (!job.all) {
                sh.reportSignal(p);
            }
            job.next++;
        }
        if (job.all) {
            sh.jobs.removeIf(j -> !j.isRunning());
            job.result = 0;
        } else {
            job.result = job.st;
        }
        return null;
    }

    private int kill(List<String> a) throws IOException {
        int sig = Signals.SIGTERM;
        int i = 1;
        if (i < a.size() && a.get(i).equals("-l")) {
            if (i + 1 < a.size()) {
                String s = a.get(i + 1);
                int n = Signals.parse(s);
                if (n > 128) {
                    n -= 128;
                }
                if (s.chars().allMatch(Character::isDigit)) {
                    int v = Integer.parseInt(s);
                    sh.print((Signals.name(v > 128 ? v - 128 : v) == null ? s : Signals.name(v > 128 ? v - 128 : v))
                        + "\n");
                } else {
                    sh.print(n + "\n");
                }
                return 0;
            }
            StringBuilder sb = new StringBuilder();
            for (int s = 1; s <= 64; s++) {
                if (Signals.name(s) != null) {
                    sb.append(String.format("%2d) %s%n", s, Signals.name(s)));
                }
            }
            sh.print(sb.toString());
            return 0;
        }
        if (i < a.size() && a.get(i).equals("-s") && i + 1 < a.size()) {
            sig = Signals.parse(a.get(i + 1));
            if (sig < 0) {
                sh.printErr("sh: bad signal name '" + a.get(i + 1) + "'\n");
                return 1;
            }
            i += 2;
        } else if (i < a.size() && a.get(i).startsWith("-") && a.get(i).length() > 1 && !a.get(i).equals("--")) {
            String s = a.get(i).substring(1);
            if (s.equals("n") && i + 1 < a.size()) {
                s = a.get(++i);
            }
            sig = Signals.parse(s);
            if (sig < 0) {
                sh.printErr("sh: bad signal name '" + s + "'\n");
                return 1;
            }
            i++;
        }
        if (i < a.size() && a.get(i).equals("--")) {
            i++;
        }
        if (i >= a.size()) {
            sh.printErr("kill: usage: kill [-s sigspec | -signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n");
            return 1;
        }
        int rc = 0;
        for (; i < a.size(); i++) {
            String t = a.get(i);
            SimProcess target = null;
            if (t.startsWith("%")) {
                try {
                    int idx = Integer.parseInt(t.substring(1)) - 1;
                    target = idx >= 0 && idx < sh.jobs.size() ? sh.jobs.get(idx) : null;
                } catch (NumberFormatException e) {
                    target = null;
                }
                if (target == null) {
                    sh.printErr("sh: kill: " + t + ": no such job\n");
                    rc = 1;
                    continue;
                }
            } else {
                int pid;
                try {
                    pid = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    sh.printErr("sh: invalid number '" + t + "'\n");
                    rc = 1;
                    continue;
                }
                if (pid == 0 || pid == -1) {
                    for (SimProcess p : sh.ctx.process().namespace().processes()) {
                        p.signal(sig);
                    }
                    continue;
                }
                target = sh.ctx.process().namespace().get(Math.abs(pid));
                if (target == null) {
                    sh.printErr("sh: can't kill pid " + t + ": No such process\n");
                    rc = 1;
                    continue;
                }
            }
            target.signal(sig);
        }
        return rc;
    }

    private int type(List<String> a) throws IOException {
        int rc = 0;
        for (String n : a.subList(1, a.size())) {
            if (SPECIAL.contains(n)) {
                sh.print(n + " is a special shell builtin\n");
            } else if (sh.funcs.containsKey(n)) {
                sh.print(n + " is a function\n");
            } else if (REGULAR.contains(n)) {
                sh.print(n + " is a shell builtin\n");
            } else if (isKeyword(n)) {
                sh.print(n + " is a shell keyword\n");
            } else {
                String p = n.contains("/") ? (SysFiles.exists(sh.ctxAt(), n) ? n : null)
                    : sh.rt.which(sh.ctxAt(), n, sh.get("PATH"));
                if (p != null) {
                    sh.print(n + " is " + p + "\n");
                } else {
                    sh.print(n + ": not found\n");
                    rc = 127;
                }
            }
        }
        return rc;
    }

    private static boolean isKeyword(String n) {
        return Set.of("if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
            "{", "}", "!", "in", "[[", "]]", "function").contains(n);
    }

    private int command(List<String> a, boolean tail) throws IOException, ShellError {
        int i = 1;
        boolean v = false;
        boolean bigV = false;
        while (i < a.size() && a.get(i).startsWith("-") && a.get(i).length() > 1) {
            String o = a.get(i);
            if (o.equals("--")) {
                i++;
                break;
            }
            v |= o.contains("v");
            bigV |= o.contains("V");
            i++;
        }
        if (i >= a.size()) {
            return 0;
        }
        if (v || bigV) {
            int rc = 0;
            for (String n : a.subList(i, a.size())) {
                if (bigV) {
                    rc |= type(List.of("type", n));
                    continue;
                }
                if (isBuiltin(n) || sh.funcs.containsKey(n) || isKeyword(n)) {
                    sh.print(n + "\n");
                } else {
                    String p = n.contains("/") ? (SysFiles.exists(sh.ctxAt(), n) ? n : null)
                        : sh.rt.which(sh.ctxAt(), n, sh.get("PATH"));
                    if (p != null) {
                        sh.print(p + "\n");
                    } else {
                        rc = 1;
                    }
                }
            }
            return rc;
        }
        List<String> argv = new ArrayList<>(a.subList(i, a.size()));
        String name = argv.get(0);
        if (isBuiltin(name)) {
            return run(name, argv, tail);
        }
        return sh.external(argv, null, tail);
    }

    private int getopts(List<String> a) throws IOException, ShellError {
        if (a.size() < 3) {
            sh.printErr(sh.builtinPrefix("getopts") + "usage: getopts optstring var [arg]\n");
            return 2;
        }
        String spec = a.get(1);
        String var = a.get(2);
        String[] args = a.size() > 3 ? a.subList(3, a.size()).toArray(new String[0]) : sh.params;
        int optind;
        try {
            optind = Integer.parseInt(sh.get("OPTIND") == null ? "1" : sh.get("OPTIND"));
        } catch (NumberFormatException e) {
            optind = 1;
        }
        if (optind == 1 && getoptsChar > 1 && sh.get("OPTIND").equals("1")) {
            getoptsChar = 1;
        }
        if (optind > args.length) {
            sh.set(var, "?");
            return 1;
        }
        String cur = args[optind - 1];
        if (getoptsChar == 1 && (!cur.startsWith("-") || cur.equals("-") || cur.equals("--"))) {
            if (cur.equals("--")) {
                sh.set("OPTIND", Integer.toString(optind + 1));
            }
            sh.set(var, "?");
            return 1;
        }
        char c = cur.charAt(getoptsChar);
        getoptsChar++;
        boolean endOfArg = getoptsChar >= cur.length();
        int idx = spec.indexOf(c);
        boolean silent = spec.startsWith(":");
        if (idx < 0 || c == ':') {
            if (!silent) {
                sh.printErr("Illegal option -" + c + "\n");
            } else {
                sh.set("OPTARG", String.valueOf(c));
            }
            sh.set(var, "?");
        } else if (idx + 1 < spec.length() && spec.charAt(idx + 1) == ':') {
            if (!endOfArg) {
                sh.set("OPTARG", cur.substring(getoptsChar));
                endOfArg = true;
            } else if (optind < args.length) {
                sh.set("OPTARG", args[optind]);
                optind++;
            } else {
                if (!silent) {
                    sh.printErr("No arg for -" + c + " option\n");
                }
                sh.set(var, silent ? ":" : "?");
                sh.set("OPTIND", Integer.toString(optind + 1));
                getoptsChar = 1;
                return 0;
            }
            sh.set(var, String.valueOf(c));
        } else {
            sh.set(var, String.valueOf(c));
        }
        if (endOfArg) {
            getoptsChar = 1;
            optind++;
        }
        sh.set("OPTIND", Integer.toString(optind));
        return 0;
    }
}
