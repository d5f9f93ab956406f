package dev.drydock.runtime.shell;

/** Shell arithmetic ({@code $((...))}, {@code let}) over 64-bit integers, with variables. */
final class Arith {
    /** Variable access for arithmetic. */
    interface Vars {
        String get(String name);

        void set(String name, String value) throws ShellError;
    }

    /** An arithmetic failure with ash's message. */
    static final class ArithError extends Exception {
        ArithError(String m) {
            super(m, null, false, false);
        }
    }

    private final String s;
    private final Vars vars;
    private int pos;
    private boolean noEval;

    private Arith(String s, Vars vars) {
        this.s = s;
        this.vars = vars;
    }

    static long eval(String expr, Vars vars) throws ArithError, ShellError {
        Arith a = new Arith(expr, vars);
        a.skip();
        if (a.pos >= a.s.length()) {
            return 0;
        }
        long v = a.comma();
        a.skip();
        if (a.pos < a.s.length()) {
            throw new ArithError("arithmetic syntax error");
        }
        return v;
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String op) {
        skip();
        if (s.startsWith(op, pos)) {
            pos += op.length();
            return true;
        }
        return false;
    }

    private boolean peekOp(String op) {
        skip();
        return s.startsWith(op, pos);
    }

    private long comma() throws ArithError, ShellError {
        long v = assign();
        while (eat(",")) {
            v = assign();
        }
        return v;
    }

    private long assign() throws ArithError, ShellError {
        skip();
        int save = pos;
        String name = name();
        if (name != null) {
            skip();
            String[] ops = {"<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=", "="};
            for (String op : ops) {
                if (s.startsWith(op, pos) && !(op.equals("=") && s.startsWith("==", pos))) {
                    pos += op.length();
                    long rhs = assign();
                    long cur = op.equals("=") ? 0 : var(name);
                    long v = switch (op) {
                        case "=" -> rhs;
                        case "+=" -> cur + rhs;
                        case "-=" -> cur - rhs;
                        case "*=" -> cur * rhs;
                        case "/=" -> div(cur, rhs);
                        case "%=" -> mod(cur, rhs);
                        case "<<=" -> cur << rhs;
                        case ">>=" -> cur >> rhs;
                        case "&=" -> cur & rhs;
                        case "^=" -> cur ^ rhs;
                        default -> cur | rhs;
                    };
                    if (!noEval) {
                        vars.set(name, Long.toString(v));
                    }
                    return v;
                }
            }
        }
        pos = save;
        return ternary();
    }

    private long ternary() throws ArithError, ShellError {
        long c = or();
        if (eat("?")) {
            boolean saved = noEval;
            noEval = saved || c == 0;
            long a = comma();
            noEval = saved;
            if (!eat(":")) {
                throw new ArithError("arithmetic syntax error");
            }
            noEval = saved || c != 0;
            long b = ternary();
            noEval = saved;
            return c != 0 ? a : b;
        }
        return c;
    }

    private long or() throws ArithError, ShellError {
        long v = and();
        while (eat("||")) {
            boolean saved = noEval;
            noEval = saved || v != 0;
            long r = and();
            noEval = saved;
            v = (v != 0 || r != 0) ? 1 : 0;
        }
        return v;
    }

    private long and() throws ArithError, ShellError {
        long v = bitOr();
        while (eat("&&")) {
            boolean saved = noEval;
            noEval = saved || v == 0;
            long r = bitOr();
            noEval = saved;
            v = (v != 0 && r != 0) ? 1 : 0;
        }
        return v;
    }

    private long bitOr() throws ArithError, ShellError {
        long v = bitXor();
        while (peekOp("|") && !peekOp("||") && !peekOp("|=")) {
            pos++;
            v |= bitXor();
        }
        return v;
    }

    private long bitXor() throws ArithError, ShellError {
        long v = bitAnd();
        while (peekOp("^") && !peekOp("^=")) {
            pos++;
            v ^= bitAnd();
        }
        return v;
    }

    private long bitAnd() throws ArithError, ShellError {
        long v = equality();
        while (peekOp("&") && !peekOp("&&") && !peekOp("&=")) {
            pos++;
            v &= equality();
        }
        return v;
    }

    private long equality() throws ArithError, ShellError {
        long v = relational();
        while (true) {
            if (eat("==")) {
                v = v == relational() ? 1 : 0;
            } else if (eat("!=")) {
                v = v != relational() ? 1 : 0;
            } else {
                return v;
            }
        }
    }

    private long relational() throws ArithError, ShellError {
        long v = shift();
        while (true) {
            if (eat("<=")) {
                v = v <= shift() ? 1 : 0;
            } else if (eat(">=")) {
                v = v >= shift() ? 1 : 0;
            } else if (peekOp("<") && !peekOp("<<")) {
                pos++;
                v = v < shift() ? 1 : 0;
            } else if (peekOp(">") && !peekOp(">>")) {
                pos++;
                v = v > shift() ? 1 : 0;
            } else {
                return v;
            }
        }
    }

    private long shift() throws ArithError, ShellError {
        long v = additive();
        while (true) {
            if (peekOp("<<") && !peekOp("<<=")) {
                pos += 2;
                v <<= additive();
            } else if (peekOp(">>") && !peekOp(">>=")) {
                pos += 2;
                v >>= additive();
            } else {
                return v;
            }
        }
    }

    private long additive() throws ArithError, ShellError {
        long v = multiplicative();
        while (true) {
            skip();
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')
                && !(pos + 1 < s.length() && (s.charAt(pos + 1) == '=' || s.charAt(pos + 1) == s.charAt(pos)))) {
                char op = s.charAt(pos++);
                long r = multiplicative();
                v = op == '+' ? v + r : v - r;
            } else {
                return v;
            }
        }
    }

    private long multiplicative() throws ArithError, ShellError {
        long v = power();
        while (true) {
            skip();
            if (pos < s.length() && "*/%".indexOf(s.charAt(pos)) >= 0
                && !(pos + 1 < s.length() && (s.charAt(pos + 1) == '=' || s.charAt(pos + 1) == '*'))) {
                char op = s.charAt(pos++);
                long r = power();
                v = op == '*' ? v * r : op == '/' ? div(v, r) : mod(v, r);
            } else {
                return v;
            }
        }
    }

    private long div(long a, long b) throws ArithError {
        if (b == 0) {
            if (noEval) {
                return 0;
            }
            throw new ArithError("divide by zero");
        }
        return a / b;
    }

    private long mod(long a, long b) throws ArithError {
        if (b == 0) {
            if (noEval) {
                return 0;
            }
            throw new ArithError("divide by zero");
        }
        return a % b;
    }

    private long power() throws ArithError, ShellError {
        long base = unary();
        if (eat("**")) {
            long e = power();
            long r = 1;
            for (long i = 0; i < e; i++) {
                r *= base;
            }
            return r;
        }
        return base;
    }

    private long unary() throws ArithError, ShellError {
        skip();
        if (eat("++") || eat("--")) {
            boolean inc = s.charAt(pos - 1) == '+';
            skip();
            String n = name();
            if (n == null) {
                throw new ArithError("arithmetic syntax error");
            }
            long v = var(n) + (inc ? 1 : -1);
            if (!noEval) {
                vars.set(n, Long.toString(v));
            }
            return v;
        }
        if (eat("!")) {
            return unary() == 0 ? 1 : 0;
        }
        if (eat("~")) {
            return ~unary();
        }
        if (eat("-")) {
            return -unary();
        }
        if (eat("+")) {
            return unary();
        }
        return primary();
    }

    private long primary() throws ArithError, ShellError {
        skip();
        if (pos >= s.length()) {
            throw new ArithError("arithmetic syntax error");
        }
        char c = s.charAt(pos);
        if (c == '(') {
            pos++;
            long v = comma();
            if (!eat(")")) {
                throw new ArithError("arithmetic syntax error");
            }
            return v;
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '#')) {
                pos++;
            }
            return number(s.substring(start, pos));
        }
        String n = name();
        if (n != null) {
            skip();
            if (s.startsWith("++", pos) || s.startsWith("--", pos)) {
                boolean inc = s.charAt(pos) == '+';
                pos += 2;
                long v = var(n);
                if (!noEval) {
                    vars.set(n, Long.toString(v + (inc ? 1 : -1)));
                }
                return v;
            }
            return var(n);
        }
        throw new ArithError("arithmetic syntax error");
    }

    private String name() {
        int start = pos;
        if (pos < s.length() && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }
        return null;
    }

    private long var(String name) throws ArithError, ShellError {
        String v = vars.get(name);
        if (v == null || v.isBlank()) {
            return 0;
        }
        v = v.trim();
        try {
            return number(v);
        } catch (ArithError e) {
            return eval(v, vars);
        }
    }

    static long number(String t) throws ArithError {
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            int hash = t.indexOf('#');
            if (hash > 0) {
                return Long.parseLong(t.substring(hash + 1), Integer.parseInt(t.substring(0, hash)));
            }
            if (t.length() > 1 && t.startsWith("0")) {
                return Long.parseLong(t.substring(1), 8);
            }
            if (t.startsWith("-")) {
                return -Long.parseLong(t.substring(1));
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ArithError("arithmetic syntax error");
        }
    }
}
