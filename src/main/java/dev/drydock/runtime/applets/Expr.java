package dev.drydock.runtime.applets;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.runtime.ProgramContext;

/** expr(1): arithmetic, comparison, length, match, substr, index. */
final class Expr {
    private final List<String> a;
    private int pos;

    private Expr(List<String> a) {
        this.a = a;
    }

    static int run(ProgramContext c) throws Exception {
        Expr e = new Expr(c.args());
        String v;
        try {
            v = e.or();
            if (e.pos < e.a.size()) {
                throw new IllegalArgumentException("syntax error");
            }
        } catch (IllegalArgumentException ex) {
            c.err("expr: " + ex.getMessage() + "\n");
            return 2;
        }
        c.out(v + "\n");
        return v.isEmpty() || v.equals("0") ? 1 : 0;
    }

    private boolean at(String op) {
        return pos < a.size() && a.get(pos).equals(op);
    }

    private String or() {
        String l = and();
        while (at("|")) {
            pos++;
            String r = and();
            l = truthy(l) ? l : truthy(r) ? r : "0";
        }
        return l;
    }

    private String and() {
        String l = cmp();
        while (at("&")) {
            pos++;
            String r = cmp();
            l = truthy(l) && truthy(r) ? l : "0";
        }
        return l;
    }

    private String cmp() {
        String l = add();
        while (pos < a.size() && List.of("=", "!=", "<", "<=", ">", ">=").contains(a.get(pos))) {
            String op = a.get(pos++);
            String r = add();
            int c;
            if (isNum(l) && isNum(r)) {
                c = Long.compare(Long.parseLong(l), Long.parseLong(r));
            } else {
                c = l.compareTo(r);
            }
            boolean b = switch (op) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
            l = b ? "1" : "0";
        }
        return l;
    }

    private String add() {
        String l = mul();
        while (at("+") || at("-")) {
            String op = a.get(pos++);
            String r = mul();
            l = Long.toString(op.equals("+") ? num(l) + num(r) : num(l) - num(r));
        }
        return l;
    }

    private String mul() {
        String l = match();
        while (at("*") || at("/") || at("%")) {
            String op = a.get(pos++);
            String r = match();
            long x = num(l);
            long y = num(r);
            if (!op.equals("*") && y == 0) {
                throw new IllegalArgumentException("division by zero");
            }
            l = Long.toString(op.equals("*") ? x * y : op.equals("/") ? x / y : x % y);
        }
        return l;
    }

    private String match() {
        String l = primary();
        while (at(":")) {
            pos++;
            l = regex(l, primary());
        }
        return l;
    }

    private static String regex(String s, String re) {
        String j = re.replace("\\(", "\u0001").replace("\\)", "\u0002").replace("(", "\\(").replace(")", "\\)")
            .replace("\u0001", "(").replace("\u0002", ")").replace("\\{", "{").replace("\\}", "}");
        Matcher m = Pattern.compile("^(?:" + j + ")").matcher(s);
        if (m.find()) {
            return m.groupCount() > 0 ? (m.group(1) == null ? "" : m.group(1)) : Integer.toString(m.end());
        }
        return Pattern.compile(j).matcher("").groupCount() > 0 ? "" : "0";
    }

    private String primary() {
        if (pos >= a.size()) {
            throw new IllegalArgumentException("syntax error");
        }
        String t = a.get(pos++);
        switch (t) {
            case "(" -> {
                String v = or();
                if (!at(")")) {
                    throw new IllegalArgumentException("syntax error");
                }
                pos++;
                return v;
            }
            case "length" -> {
                return Integer.toString(primary().length());
            }
            case "match" -> {
                String s = primary();
                return regex(s, primary());
            }
            case "substr" -> {
                String s = primary();
                int p = (int) num(primary());
                int n = (int) num(primary());
                if (p < 1 || p > s.length() || n <= 0) {
                    return "";
                }
                return s.substring(p - 1, Math.min(s.length(), p - 1 + n));
            }
            case "index" -> {
                String s = primary();
                String chars = primary();
                for (int i = 0; i < s.length(); i++) {
                    if (chars.indexOf(s.charAt(i)) >= 0) {
                        return Integer.toString(i + 1);
                    }
                }
                return "0";
            }
            default -> {
                return t;
            }
        }
    }

    private static boolean isNum(String s) {
        return s.matches("-?[0-9]+");
    }

    private static long num(String s) {
        if (!isNum(s)) {
            throw new IllegalArgumentException("non-numeric argument");
        }
        return Long.parseLong(s);
    }

    private static boolean truthy(String s) {
        return !s.isEmpty() && !s.equals("0");
    }
}
