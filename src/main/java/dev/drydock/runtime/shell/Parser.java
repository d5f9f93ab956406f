package dev.drydock.runtime.shell;

import java.util.ArrayList;
import java.util.List;

/** A recursive-descent parser for POSIX sh (with a few bash/ash extensions), lexing on demand. */
final class Parser {
    private static final int WORD = 0;
    private static final int OP = 1;
    private static final int NEWLINE = 2;
    private static final int EOF = 3;

    private static final int M_WORD = 0;
    private static final int M_DQ = 1;
    private static final int M_BRACE = 2;
    private static final int M_HEREDOC = 3;

    private final String src;
    private final int len;
    private int pos;
    private int line;
    private Tok peeked;
    private final List<Node.Redir> pendingHeredocs = new ArrayList<>();

    private static final class Tok {
        final int kind;
        final String op;
        final Word word;
        final int line;
        final int fd;

        Tok(int kind, String op, Word word, int line, int fd) {
            this.kind = kind;
            this.op = op;
            this.word = word;
            this.line = line;
            this.fd = fd;
        }

        String text() {
            return switch (kind) {
                case WORD -> word.literal != null ? word.literal : "word";
                case OP -> op;
                case NEWLINE -> "newline";
                default -> "end of file";
            };
        }
    }

    Parser(String src) {
        this(src, 1);
    }

    Parser(String src, int firstLine) {
        this.src = src;
        this.len = src.length();
        this.line = firstLine;
    }

    /** Parses a whole program (e.g. a function body source or eval text) at once. */
    static Node parseAll(String src) throws ShellSyntaxError {
        Parser p = new Parser(src);
        List<Node> items = new ArrayList<>();
        Node n;
        while ((n = p.parseNext()) != null) {
            items.add(n);
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return new Node.Seq(items.toArray(new Node[0]), new boolean[items.size()]);
    }

    /** The line the lexer is on. */
    int line() {
        return line;
    }

    /** True when everything has been consumed. */
    boolean atEnd() throws ShellSyntaxError {
        skipNewlines();
        return peek().kind == EOF;
    }

    /** Parses the next complete command (a list ended by a newline), or null at end of input. */
    Node parseNext() throws ShellSyntaxError {
        skipNewlines();
        Tok t = peek();
        if (t.kind == EOF) {
            return null;
        }
        Node n = parseList(true);
        t = peek();
        if (t.kind == NEWLINE) {
            next();
        } else if (t.kind != EOF) {
            throw unexpected(t);
        }
        return n;
    }

    // ---------------------------------------------------------------- grammar

    private Node parseList(boolean top) throws ShellSyntaxError {
        List<Node> items = new ArrayList<>(4);
        List<Boolean> async = new ArrayList<>(4);
        int startLine = peek().line;
        while (true) {
            Node ao = parseAndOr();
            items.add(ao);
            Tok t = peek();
            boolean isAsync = false;
            if (t.kind == OP && (t.op.equals(";") || t.op.equals("&"))) {
                next();
                isAsync = t.op.equals("&");
                async.add(isAsync);
                if (top) {
                    Tok n = peek();
                    if (n.kind == NEWLINE || n.kind == EOF) {
                        break;
                    }
                    continue;
                }
                skipNewlines();
                if (isTerminator(peek())) {
                    break;
                }
                continue;
            }
            async.add(false);
            if (t.kind == NEWLINE && !top) {
                skipNewlines();
                if (isTerminator(peek())) {
                    break;
                }
                continue;
            }
            break;
        }
        if (items.size() == 1 && !async.get(0)) {
            return items.get(0);
        }
        boolean[] a = new boolean[async.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = async.get(i);
        }
        Node.Seq s = new Node.Seq(items.toArray(new Node[0]), a);
        s.line = startLine;
        return s;
    }

    private boolean isTerminator(Tok t) {
        if (t.kind == EOF) {
            return true;
        }
        if (t.kind == OP) {
            return t.op.equals(")") || t.op.equals(";;") || t.op.equals(";&");
        }
        if (t.kind == WORD && t.word.literal != null) {
            return switch (t.word.literal) {
                case "then", "else", "elif", "fi", "do", "done", "esac", "}" -> true;
                default -> false;
            };
        }
        return false;
    }

    private Node parseAndOr() throws ShellSyntaxError {
        Node first = parsePipeline();
        Tok t = peek();
        if (t.kind != OP || !(t.op.equals("&&") || t.op.equals("||"))) {
            return first;
        }
        List<Node> items = new ArrayList<>();
        List<Boolean> ops = new ArrayList<>();
        items.add(first);
        while (t.kind == OP && (t.op.equals("&&") || t.op.equals("||"))) {
            next();
            ops.add(t.op.equals("&&"));
            skipNewlines();
            items.add(parsePipeline());
            t = peek();
        }
        boolean[] and = new boolean[ops.size()];
        for (int i = 0; i < and.length; i++) {
            and[i] = ops.get(i);
        }
        Node.AndOr n = new Node.AndOr(items.toArray(new Node[0]), and);
        n.line = first.line;
        return n;
    }

    private Node parsePipeline() throws ShellSyntaxError {
        boolean bang = false;
        Tok t = peek();
        int startLine = t.line;
        if (t.kind == WORD && t.word.is("!")) {
            next();
            bang = true;
        }
        Node first = parseCommand();
        t = peek();
        if (!(t.kind == OP && t.op.equals("|")) && !bang) {
            return first;
        }
        List<Node> cmds = new ArrayList<>();
        cmds.add(first);
        while (t.kind == OP && t.op.equals("|")) {
            next();
            skipNewlines();
            cmds.add(parseCommand());
            t = peek();
        }
        Node.Pipeline p = new Node.Pipeline(cmds.toArray(new Node[0]), bang);
        p.line = startLine;
        return p;
    }

    private Node parseCommand() throws ShellSyntaxError {
        Tok t = peek();
        int startLine = t.line;
        Node n;
        if (t.kind == OP && t.op.equals("(")) {
            next();
            Node body = parseCompoundList();
            expectOp(")");
            n = new Node.Subshell(body);
        } else if (t.kind == WORD && t.word.literal != null && isCompoundStart(t.word.literal)) {
            n = parseCompound(t.word.literal);
        } else if (t.kind == WORD && t.word.literal != null && isTerminator(t)) {
            throw unexpected(t);
        } else if (t.kind == WORD || (t.kind == OP && isRedirOp(t.op))) {
            return parseSimple();
        } else {
            throw unexpected(t);
        }
        n.line = startLine;
        List<Node.Redir> redirs = null;
        while (peek().kind == OP && isRedirOp(peek().op)) {
            if (redirs == null) {
                redirs = new ArrayList<>();
            }
            redirs.add(parseRedir());
        }
        if (redirs != null) {
            Node r = new Node.Redirected(n, redirs.toArray(new Node.Redir[0]));
            r.line = startLine;
            return r;
        }
        return n;
    }

    private static boolean isCompoundStart(String w) {
        return switch (w) {
            case "{", "if", "while", "until", "for", "case", "function", "[[" -> true;
            default -> false;
        };
    }

    private Node parseCompound(String kw) throws ShellSyntaxError {
        next();
        switch (kw) {
            case "{": {
                Node body = parseCompoundList();
                expectWord("}");
                return new Node.Group(body);
            }
            case "if": {
                List<Node> conds = new ArrayList<>();
                List<Node> bodies = new ArrayList<>();
                conds.add(parseCompoundList());
                expectWord("then");
                bodies.add(parseCompoundList());
                Node elseBody = null;
                while (true) {
                    Tok t = peek();
                    if (t.kind == WORD && t.word.is("elif")) {
                        next();
                        conds.add(parseCompoundList());
                        expectWord("then");
                        bodies.add(parseCompoundList());
                    } else if (t.kind == WORD && t.word.is("else")) {
                        next();
                        elseBody = parseCompoundList();
                        expectWord("fi");
                        break;
                    } else {
                        expectWord("fi");
                        break;
                    }
                }
                return new Node.If(conds.toArray(new Node[0]), bodies.toArray(new Node[0]), elseBody);
            }
            case "while":
            case "until": {
                Node cond = parseCompoundList();
                expectWord("do");
                Node body = parseCompoundList();
                expectWord("done");
                return new Node.Loop(cond, body, kw.equals("until"));
            }
            case "for": {
                Tok name = next();
                if (name.kind != WORD || name.word.literal == null || !isName(name.word.literal)) {
                    throw name.kind == EOF ? eof(null) : new ShellSyntaxError("bad for loop variable", name.line,
                        false);
                }
                Word[] words = null;
                Tok t = peek();
                skipNewlinesIfThenIn();
                t = peek();
                if (t.kind == WORD && t.word.is("in")) {
                    next();
                    List<Word> ws = new ArrayList<>();
                    while (peek().kind == WORD) {
                        ws.add(next().word);
                    }
                    words = ws.toArray(new Word[0]);
                    t = peek();
                    if (t.kind == OP && t.op.equals(";")) {
                        next();
                    } else if (t.kind == NEWLINE) {
                        next();
                    } else if (t.kind == EOF) {
                        throw eof("do");
                    } else {
                        throw unexpected(t);
                    }
                } else if (t.kind == OP && t.op.equals(";")) {
                    next();
                }
                skipNewlines();
                expectWord("do");
                Node body = parseCompoundList();
                expectWord("done");
                return new Node.For(name.word.literal, words, body);
            }
            case "case":
                return parseCase();
            case "function": {
                Tok name = next();
                if (name.kind != WORD || name.word.literal == null) {
                    throw name.kind == EOF ? eof(null) : unexpected(name);
                }
                Tok t = peek();
                if (t.kind == OP && t.op.equals("(")) {
                    next();
                    expectOp(")");
                }
                skipNewlines();
                Node body = parseCommand();
                return new Node.FuncDef(name.word.literal, body);
            }
            case "[[": {
                List<Word> ws = new ArrayList<>();
                while (true) {
                    Tok t = next();
                    if (t.kind == EOF) {
                        throw eof("]]");
                    }
                    if (t.kind == NEWLINE) {
                        throw unexpected(t);
                    }
                    if (t.kind == WORD && t.word.is("]]")) {
                        break;
                    }
                    ws.add(t.kind == WORD ? t.word : Word.of(t.op));
                }
                return new Node.DBracket(ws.toArray(new Word[0]));
            }
            default:
                throw new IllegalStateException(kw);
        }
    }

    private void skipNewlinesIfThenIn() throws ShellSyntaxError {
        // "for x\nin a b" is valid: newlines may precede "in"
        if (peek().kind == NEWLINE) {
            skipNewlines();
        }
    }

    private Node parseCase() throws ShellSyntaxError {
        Tok w = next();
        if (w.kind != WORD) {
            throw w.kind == EOF ? eof(null) : unexpected(w);
        }
        skipNewlines();
        expectWord("in");
        List<Word[]> pats = new ArrayList<>();
        List<Node> bodies = new ArrayList<>();
        List<Boolean> fall = new ArrayList<>();
        while (true) {
            skipNewlines();
            Tok t = peek();
            if (t.kind == WORD && t.word.is("esac")) {
                next();
                break;
            }
            if (t.kind == EOF) {
                throw eof(")");
            }
            if (t.kind == OP && t.op.equals("(")) {
                next();
            }
            List<Word> ps = new ArrayList<>();
            while (true) {
                Tok p = next();
                if (p.kind == EOF) {
                    throw eof(")");
                }
                if (p.kind != WORD) {
                    throw unexpected(p);
                }
                ps.add(p.word);
                Tok sep = next();
                if (sep.kind == OP && sep.op.equals("|")) {
                    continue;
                }
                if (sep.kind == OP && sep.op.equals(")")) {
                    break;
                }
                throw sep.kind == EOF ? eof(")") : unexpected(sep);
            }
            skipNewlines();
            Tok b = peek();
            Node body;
            if ((b.kind == OP && (b.op.equals(";;") || b.op.equals(";&"))) || (b.kind == WORD && b.word.is("esac"))) {
                body = new Node.Empty();
            } else {
                body = parseList(false);
            }
            pats.add(ps.toArray(new Word[0]));
            bodies.add(body);
            Tok end = peek();
            if (end.kind == OP && (end.op.equals(";;") || end.op.equals(";&"))) {
                next();
                fall.add(end.op.equals(";&"));
            } else if (end.kind == WORD && end.word.is("esac")) {
                fall.add(false);
            } else if (end.kind == EOF) {
                throw eof("esac");
            } else {
                throw unexpected(end);
            }
        }
        boolean[] f = new boolean[fall.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = fall.get(i);
        }
        return new Node.Case(w.word, pats.toArray(new Word[0][]), bodies.toArray(new Node[0]), f);
    }

    private Node parseCompoundList() throws ShellSyntaxError {
        skipNewlines();
        Tok t = peek();
        if (isTerminator(t)) {
            throw t.kind == EOF ? eof(null) : unexpected(t);
        }
        return parseList(false);
    }

    private Node parseSimple() throws ShellSyntaxError {
        List<String> names = null;
        List<Word> values = null;
        List<Word> words = new ArrayList<>(4);
        List<Node.Redir> redirs = null;
        int startLine = peek().line;
        while (true) {
            Tok t = peek();
            if (t.kind == OP && isRedirOp(t.op)) {
                if (redirs == null) {
                    redirs = new ArrayList<>(2);
                }
                redirs.add(parseRedir());
                continue;
            }
            if (t.kind != WORD) {
                if (t.kind == OP && t.op.equals("(")) {
                    if (words.size() == 1 && names == null && redirs == null && words.get(0).literal != null
                        && isFuncName(words.get(0).literal)) {
                        next();
                        expectOp(")");
                        skipNewlines();
                        Node body = parseCommand();
                        Node.FuncDef f = new Node.FuncDef(words.get(0).literal, body);
                        f.line = startLine;
                        return f;
                    }
                    throw unexpected(t);
                }
                break;
            }
            next();
            if (words.isEmpty()) {
                int eq = assignmentSplit(t.word);
                if (eq > 0) {
                    if (names == null) {
                        names = new ArrayList<>(2);
                        values = new ArrayList<>(2);
                    }
                    Word.Lit first = (Word.Lit) t.word.parts[0];
                    names.add(first.text().substring(0, eq));
                    List<Word.Part> rest = new ArrayList<>();
                    String after = first.text().substring(eq + 1);
                    if (!after.isEmpty()) {
                        rest.add(new Word.Lit(after));
                    }
                    for (int i = 1; i < t.word.parts.length; i++) {
                        rest.add(t.word.parts[i]);
                    }
                    values.add(new Word(rest));
                    continue;
                }
            }
            words.add(t.word);
        }
        if (words.isEmpty() && names == null && redirs == null) {
            throw unexpected(peek());
        }
        Node.Simple s = new Node.Simple(names == null ? NO_STRINGS : names.toArray(new String[0]),
            values == null ? NO_WORDS : values.toArray(new Word[0]), words.toArray(new Word[0]),
            redirs == null ? NO_REDIRS : redirs.toArray(new Node.Redir[0]));
        s.line = startLine;
        return s;
    }

    private static final String[] NO_STRINGS = new String[0];
    private static final Word[] NO_WORDS = new Word[0];
    private static final Node.Redir[] NO_REDIRS = new Node.Redir[0];

    private static int assignmentSplit(Word w) {
        if (w.parts.length == 0 || !(w.parts[0] instanceof Word.Lit l)) {
            return -1;
        }
        String s = l.text();
        int eq = s.indexOf('=');
        if (eq <= 0 || !isName(s.substring(0, eq))) {
            return -1;
        }
        return eq;
    }

    static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        if (!(Character.isLetter(c) || c == '_') || c > 127) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char d = s.charAt(i);
            if (!(d == '_' || (d < 128 && Character.isLetterOrDigit(d)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFuncName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':')) {
                return false;
            }
        }
        return !Character.isDigit(s.charAt(0));
    }

    private static boolean isRedirOp(String op) {
        return switch (op) {
            case "<", ">", ">>", ">|", "<>", "<&", ">&", "<<", "<<-", "&>" -> true;
            default -> false;
        };
    }

    private Node.Redir parseRedir() throws ShellSyntaxError {
        Tok op = next();
        Tok target = next();
        if (target.kind != WORD) {
            throw target.kind == EOF ? eof(null) : unexpected(target);
        }
        int fd = op.fd >= 0 ? op.fd : (op.op.startsWith("<") ? 0 : 1);
        Node.Redir r = new Node.Redir(fd, op.op, target.word);
        if (op.op.startsWith("<<")) {
            StringBuilder d = new StringBuilder();
            boolean quoted = false;
            for (Word.Part p : target.word.parts) {
                if (p instanceof Word.Lit l) {
                    d.append(l.text());
                } else if (p instanceof Word.Quoted q) {
                    d.append(q.text());
                    quoted = true;
                } else if (p instanceof Word.Dq dq) {
                    quoted = true;
                    for (Word.Part ip : dq.parts()) {
                        if (ip instanceof Word.Quoted q) {
                            d.append(q.text());
                        }
                    }
                } else {
                    d.append("$");
                }
            }
            r.hereDelim = d.toString();
            r.hereQuoted = quoted;
            pendingHeredocs.add(r);
        }
        return r;
    }

    private void expectWord(String kw) throws ShellSyntaxError {
        Tok t = peek();
        if (t.kind == WORD && t.word.is(kw)) {
            next();
            return;
        }
        if (t.kind == EOF) {
            throw eof(kw);
        }
        throw unexpected(t);
    }

    private void expectOp(String op) throws ShellSyntaxError {
        Tok t = peek();
        if (t.kind == OP && t.op.equals(op)) {
            next();
            return;
        }
        if (t.kind == EOF) {
            throw eof(op);
        }
        throw unexpected(t, op);
    }

    private ShellSyntaxError unexpected(Tok t) {
        return unexpected(t, null);
    }

    /** Ash's wording: a plain word is "word", a reserved word or operator is quoted, plus what was expected. */
    private ShellSyntaxError unexpected(Tok t, String expecting) {
        if (t.kind == EOF) {
            return eof(expecting);
        }
        String what = t.kind == NEWLINE ? "newline"
            : t.kind == WORD && !RESERVED.contains(t.text()) ? "word" : "\"" + t.text() + "\"";
        return new ShellSyntaxError("syntax error: unexpected " + what
            + (expecting == null ? "" : " (expecting \"" + expecting + "\")"), t.line, false);
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of("if", "then", "else", "elif", "fi", "do",
        "done", "case", "esac", "while", "until", "for", "in", "{", "}", "!");

    private ShellSyntaxError eof(String expecting) {
        return new ShellSyntaxError("syntax error: unexpected end of file"
            + (expecting == null ? "" : " (expecting \"" + expecting + "\")"), line, true);
    }

    private void skipNewlines() throws ShellSyntaxError {
        while (peek().kind == NEWLINE) {
            next();
        }
    }

    // ---------------------------------------------------------------- lexer

    private Tok peek() throws ShellSyntaxError {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    private Tok next() throws ShellSyntaxError {
        Tok t = peek();
        peeked = null;
        return t;
    }

    private Tok lex() throws ShellSyntaxError {
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < len && src.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else if (c == '#') {
                while (pos < len && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                break;
            }
        }
        if (pos >= len) {
            if (!pendingHeredocs.isEmpty()) {
                readHeredocs();
            }
            return new Tok(EOF, null, null, line, -1);
        }
        char c = src.charAt(pos);
        int tokLine = line;
        if (c == '\n') {
            pos++;
            line++;
            if (!pendingHeredocs.isEmpty()) {
                readHeredocs();
            }
            return new Tok(NEWLINE, null, null, tokLine, -1);
        }
        if (Character.isDigit(c)) {
            int p = pos;
            while (p < len && Character.isDigit(src.charAt(p))) {
                p++;
            }
            if (p < len && p - pos < 3 && (src.charAt(p) == '<' || src.charAt(p) == '>')) {
                int fd = Integer.parseInt(src.substring(pos, p));
                pos = p;
                String op = readOp();
                return new Tok(OP, op, null, tokLine, fd);
            }
        }
        if (isOpStart(c)) {
            String op = readOp();
            return new Tok(OP, op, null, tokLine, -1);
        }
        Word w = readWord(M_WORD);
        return new Tok(WORD, null, w, tokLine, -1);
    }

    private static boolean isOpStart(char c) {
        return c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
    }

    private String readOp() {
        String[] ops = {"<<-", "&&", "||", ";;", ";&", "<<", ">>", "<&", ">&", "<>", ">|", "&>", ";", "&", "|", "<",
            ">", "(", ")"};
        for (String op : ops) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return op;
            }
        }
        throw new IllegalStateException("no operator at " + pos);
    }

    private void readHeredocs() throws ShellSyntaxError {
        List<Node.Redir> docs = new ArrayList<>(pendingHeredocs);
        pendingHeredocs.clear();
        for (Node.Redir r : docs) {
            boolean strip = r.op.equals("<<-");
            StringBuilder body = new StringBuilder();
            int bodyLine = line;
            while (pos < len) {
                int eol = src.indexOf('\n', pos);
                String ln = eol < 0 ? src.substring(pos) : src.substring(pos, eol);
                pos = eol < 0 ? len : eol + 1;
                line++;
                if (strip) {
                    int i = 0;
                    while (i < ln.length() && ln.charAt(i) == '\t') {
                        i++;
                    }
                    ln = ln.substring(i);
                }
                String cmp = ln.endsWith("\r") ? ln.substring(0, ln.length() - 1) : ln;
                if (cmp.equals(r.hereDelim)) {
                    break;
                }
                body.append(ln).append('\n');
            }
            if (r.hereQuoted) {
                r.hereBody = new Word(List.of(new Word.Quoted(body.toString())));
            } else {
                Parser sub = new Parser(body.toString(), bodyLine);
                r.hereBody = sub.readWord(M_HEREDOC);
            }
        }
    }

    /** Reads a word (or, in other modes, a quoted/brace/here-doc body) into parts. */
    private Word readWord(int mode) throws ShellSyntaxError {
        List<Word.Part> parts = new ArrayList<>(2);
        StringBuilder lit = new StringBuilder();
        boolean quotedLit = mode == M_DQ || mode == M_HEREDOC;
        int wordStart = pos;
        while (pos < len) {
            char c = src.charAt(pos);
            if (mode == M_WORD && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || isOpStart(c))) {
                break;
            }
            if (mode == M_DQ && c == '"') {
                break;
            }
            if (mode == M_BRACE && c == '}') {
                break;
            }
            if (c == '\\') {
                if (pos + 1 >= len) {
                    lit.append('\\');
                    pos++;
                    continue;
                }
                char n = src.charAt(pos + 1);
                if (n == '\n') {
                    pos += 2;
                    line++;
                    continue;
                }
                if (mode == M_DQ || mode == M_HEREDOC) {
                    if (n == '$' || n == '`' || n == '\\' || (n == '"' && mode == M_DQ)) {
                        lit.append(n);
                    } else {
                        lit.append('\\').append(n);
                    }
                    pos += 2;
                    continue;
                }
                flush(parts, lit, quotedLit);
                parts.add(new Word.Quoted(String.valueOf(n)));
                pos += 2;
                continue;
            }
            if (c == '\'' && mode != M_DQ && mode != M_HEREDOC) {
                int end = src.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new ShellSyntaxError("syntax error: unterminated quoted string", line, true);
                }
                flush(parts, lit, quotedLit);
                String q = src.substring(pos + 1, end);
                countLines(q);
                parts.add(new Word.Quoted(q));
                pos = end + 1;
                continue;
            }
            if (c == '"' && mode != M_DQ && mode != M_HEREDOC) {
                flush(parts, lit, quotedLit);
                pos++;
                Word inner = readWord(M_DQ);
                if (pos >= len) {
                    throw new ShellSyntaxError("syntax error: unterminated quoted string", line, true);
                }
                pos++;
                parts.add(new Word.Dq(List.of(inner.parts)));
                continue;
            }
            if (c == '$' && pos + 1 < len && src.charAt(pos + 1) == '\'' && mode != M_DQ && mode != M_HEREDOC) {
                flush(parts, lit, quotedLit);
                parts.add(new Word.Quoted(readDollarSingle()));
                continue;
            }
            if (c == '$') {
                Word.Part p = readDollar(mode);
                if (p == null) {
                    lit.append('$');
                    continue;
                }
                flush(parts, lit, quotedLit);
                parts.add(p);
                continue;
            }
            if (c == '`') {
                flush(parts, lit, quotedLit);
                parts.add(readBacktick(mode == M_DQ));
                continue;
            }
            if (c == '~' && mode == M_WORD && pos == wordStart) {
                int p = pos + 1;
                while (p < len && (Character.isLetterOrDigit(src.charAt(p)) || src.charAt(p) == '_'
                    || src.charAt(p) == '-' || src.charAt(p) == '.')) {
                    p++;
                }
                if (p >= len || src.charAt(p) == '/' || src.charAt(p) == ' ' || src.charAt(p) == '\t'
                    || src.charAt(p) == '\n' || src.charAt(p) == ':' || isOpStart(src.charAt(p))) {
                    parts.add(new Word.Tilde(src.substring(pos + 1, p)));
                    pos = p;
                    continue;
                }
            }
            if (c == '\n') {
                line++;
            }
            lit.append(c);
            pos++;
        }
        flush(parts, lit, quotedLit);
        return new Word(parts);
    }

    private void countLines(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private static void flush(List<Word.Part> parts, StringBuilder lit, boolean quoted) {
        if (lit.length() > 0) {
            parts.add(quoted ? new Word.Quoted(lit.toString()) : new Word.Lit(lit.toString()));
            lit.setLength(0);
        }
    }

    private Word.Part readBacktick(boolean inDq) throws ShellSyntaxError {
        pos++;
        StringBuilder inner = new StringBuilder();
        while (true) {
            if (pos >= len) {
                throw new ShellSyntaxError("syntax error: unterminated quoted string", line, true);
            }
            char c = src.charAt(pos);
            if (c == '`') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < len) {
                char n = src.charAt(pos + 1);
                if (n == '`' || n == '$' || n == '\\' || (inDq && n == '"')) {
                    inner.append(n);
                    pos += 2;
                    continue;
                }
            }
            if (c == '\n') {
                line++;
            }
            inner.append(c);
            pos++;
        }
        return new Word.CmdSub(parseAll(inner.toString()));
    }

    /** {@code $'...'} (ash's bash-compatible quoting): C-style backslash escapes, the result quoted. */
    private String readDollarSingle() throws ShellSyntaxError {
        StringBuilder sb = new StringBuilder();
        int p = pos + 2;
        while (true) {
            if (p >= len) {
                throw new ShellSyntaxError("syntax error: unterminated quoted string", line, true);
            }
            char ch = src.charAt(p);
            if (ch == '\'') {
                pos = p + 1;
                return sb.toString();
            }
            if (ch == '\n') {
                line++;
            }
            if (ch != '\\' || p + 1 >= len) {
                sb.append(ch);
                p++;
                continue;
            }
            char e = src.charAt(p + 1);
            p += 2;
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'e', 'E' -> sb.append('\u001b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\\', '\'', '"', '?' -> sb.append(e);
                case 'x' -> {
                    int v = 0;
                    int n = 0;
                    while (n < 2 && p < len && Character.digit(src.charAt(p), 16) >= 0) {
                        v = v * 16 + Character.digit(src.charAt(p++), 16);
                        n++;
                    }
                    if (n == 0) {
                        sb.append("\\x");
                    } else {
                        sb.append((char) v);
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    int n = 1;
                    while (n < 3 && p < len && src.charAt(p) >= '0' && src.charAt(p) <= '7') {
                        v = v * 8 + (src.charAt(p++) - '0');
                        n++;
                    }
                    sb.append((char) (v & 0xff));
                }
                default -> sb.append('\\').append(e);
            }
        }
    }

    private Word.Part readDollar(int mode) throws ShellSyntaxError {
        if (pos + 1 >= len) {
            pos++;
            return null;
        }
        char n = src.charAt(pos + 1);
        if (n == '(') {
            if (pos + 2 < len && src.charAt(pos + 2) == '(') {
                Word.Part a = tryArith();
                if (a != null) {
                    return a;
                }
            }
            pos += 2;
            Parser saved = this;
            Tok savedPeek = peeked;
            peeked = null;
            List<Node.Redir> savedDocs = new ArrayList<>(pendingHeredocs);
            pendingHeredocs.clear();
            skipNewlines();
            Node body;
            if (peek().kind == OP && peek().op.equals(")")) {
                body = new Node.Empty();
            } else {
                body = parseList(false);
            }
            Tok t = peek();
            if (t.kind == EOF) {
                throw eof(")");
            }
            if (!(t.kind == OP && t.op.equals(")"))) {
                throw unexpected(t);
            }
            // the ")" is consumed by resetting the lexer right after it
            peeked = savedPeek;
            pendingHeredocs.addAll(savedDocs);
            assert saved == this;
            return new Word.CmdSub(body);
        }
        if (n == '{') {
            pos += 2;
            return readBraceParam();
        }
        if (n == '_' || Character.isLetter(n) && n < 128) {
            int p = pos + 1;
            while (p < len && (src.charAt(p) == '_' || (src.charAt(p) < 128
                && Character.isLetterOrDigit(src.charAt(p))))) {
                p++;
            }
            String name = src.substring(pos + 1, p);
            pos = p;
            return new Word.Param(name, null, false, null, null);
        }
        if (Character.isDigit(n) || "@*#?$!-".indexOf(n) >= 0) {
            pos += 2;
            return new Word.Param(String.valueOf(n), null, false, null, null);
        }
        pos++;
        return null;
    }

    private Word.Part tryArith() throws ShellSyntaxError {
        int start = pos + 3;
        int depth = 0;
        int p = start;
        while (p < len) {
            char c = src.charAt(p);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    if (p + 1 < len && src.charAt(p + 1) == ')') {
                        String inner = src.substring(start, p);
                        Parser sub = new Parser(inner, line);
                        Word w = sub.readWord(M_HEREDOC);
                        countLines(inner);
                        pos = p + 2;
                        return new Word.Arith(w);
                    }
                    return null;
                }
                depth--;
            }
            p++;
        }
        throw new ShellSyntaxError("syntax error: missing '))'", line, true);
    }

    private Word.Part readBraceParam() throws ShellSyntaxError {
        if (pos >= len) {
            throw new ShellSyntaxError("syntax error: missing '}'", line, true);
        }
        boolean length = false;
        if (src.charAt(pos) == '#' && pos + 1 < len && src.charAt(pos + 1) != '}') {
            length = true;
            pos++;
        }
        int p = pos;
        String name;
        if (p < len && (src.charAt(p) == '_' || Character.isLetter(src.charAt(p)))) {
            while (p < len && (src.charAt(p) == '_' || Character.isLetterOrDigit(src.charAt(p)))) {
                p++;
            }
        } else if (p < len && Character.isDigit(src.charAt(p))) {
            while (p < len && Character.isDigit(src.charAt(p))) {
                p++;
            }
        } else if (p < len && "@*#?$!-".indexOf(src.charAt(p)) >= 0) {
            p++;
        }
        name = src.substring(pos, p);
        pos = p;
        if (pos >= len) {
            throw new ShellSyntaxError("syntax error: missing '}'", line, true);
        }
        if (name.isEmpty()) {
            throw new ShellSyntaxError("syntax error: bad substitution", line, false);
        }
        if (length) {
            if (src.charAt(pos) != '}') {
                throw new ShellSyntaxError("syntax error: bad substitution", line, false);
            }
            pos++;
            return new Word.Param(name, "len", false, null, null);
        }
        char c = src.charAt(pos);
        if (c == '}') {
            pos++;
            return new Word.Param(name, null, false, null, null);
        }
        boolean colon = false;
        String op;
        if (c == ':') {
            colon = true;
            pos++;
            if (pos < len && "-=?+".indexOf(src.charAt(pos)) >= 0) {
                op = String.valueOf(src.charAt(pos));
                pos++;
            } else {
                // ${name:offset:length}
                Word off = readUntilBraceOrColon();
                Word lenWord = null;
                if (pos < len && src.charAt(pos) == ':') {
                    pos++;
                    lenWord = readBraceArg();
                } else {
                    expectBraceClose();
                }
                return new Word.Param(name, ":", false, off, lenWord);
            }
        } else if ("-=?+".indexOf(c) >= 0) {
            op = String.valueOf(c);
            pos++;
        } else if (c == '#' || c == '%') {
            pos++;
            if (pos < len && src.charAt(pos) == c) {
                pos++;
                op = "" + c + c;
            } else {
                op = String.valueOf(c);
            }
        } else if (c == '/') {
            pos++;
            op = "/";
            if (pos < len && src.charAt(pos) == '/') {
                pos++;
                op = "//";
            }
            Word pat = readUntilSlashOrBrace();
            Word rep = null;
            if (pos < len && src.charAt(pos) == '/') {
                pos++;
                rep = readBraceArg();
            } else {
                expectBraceClose();
            }
            return new Word.Param(name, op, false, pat, rep);
        } else {
            throw new ShellSyntaxError("syntax error: bad substitution", line, false);
        }
        Word arg = readBraceArg();
        return new Word.Param(name, op, colon, arg, null);
    }

    private Word readBraceArg() throws ShellSyntaxError {
        Word w = readWord(M_BRACE);
        expectBraceClose();
        return w;
    }

    private void expectBraceClose() throws ShellSyntaxError {
        if (pos >= len || src.charAt(pos) != '}') {
            throw new ShellSyntaxError("syntax error: missing '}'", line, true);
        }
        pos++;
    }

    private Word readUntilBraceOrColon() {
        int p = pos;
        while (p < len && src.charAt(p) != '}' && src.charAt(p) != ':') {
            p++;
        }
        String s = src.substring(pos, p);
        pos = p;
        return Word.of(s);
    }

    private Word readUntilSlashOrBrace() {
        int p = pos;
        StringBuilder sb = new StringBuilder();
        while (p < len && src.charAt(p) != '}' && src.charAt(p) != '/') {
            sb.append(src.charAt(p));
            p++;
        }
        pos = p;
        return Word.of(sb.toString());
    }
}
