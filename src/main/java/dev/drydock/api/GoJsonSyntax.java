package dev.drydock.api;

import java.nio.charset.StandardCharsets;

/**
 * Checks a request body's JSON syntax and names the first error as Go's {@code encoding/json} decoder does
 * ({@code unexpected EOF}, {@code invalid character 'b' looking for beginning of object key string}, ...), so
 * bad bodies get the daemon's own messages.
 */
final class GoJsonSyntax {
    /** Go's io.EOF: the body held no value at all. */
    static final String EOF = "EOF";

    private final String s;
    private int i;

    private GoJsonSyntax(String s) {
        this.s = s;
    }

    /** Null when the first JSON value of the body is well formed; Go's error text otherwise. */
    static String check(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        GoJsonSyntax p = new GoJsonSyntax(text);
        p.skipSpace();
        if (p.i >= text.length()) {
            return EOF;
        }
        try {
            p.value();
            return null;
        } catch (SyntaxError e) {
            return e.getMessage();
        }
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String m) {
            super(m, null, false, false);
        }
    }

    private SyntaxError eofOr(String context) {
        if (i >= s.length()) {
            return new SyntaxError("unexpected EOF");
        }
        return new SyntaxError("invalid character " + quote(s.charAt(i)) + " " + context);
    }

    private static String quote(char c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        if (c == '\n') {
            return "'\\n'";
        }
        if (c == '\t') {
            return "'\\t'";
        }
        if (c == '\r') {
            return "'\\r'";
        }
        if (c < 0x20) {
            return String.format("'\\x%02x'", (int) c);
        }
        return "'" + c + "'";
    }

    private void skipSpace() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n'
                || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private void value() {
        skipSpace();
        if (i >= s.length()) {
            throw new SyntaxError("unexpected EOF");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw eofOr("looking for beginning of value");
                }
            }
        }
    }

    private void object() {
        i++;
        skipSpace();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return;
        }
        while (true) {
            skipSpace();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw eofOr("looking for beginning of object key string");
            }
            string();
            skipSpace();
            if (i >= s.length() || s.charAt(i) != ':') {
                throw eofOr("after object key");
            }
            i++;
            value();
            skipSpace();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            if (i < s.length() && s.charAt(i) == '}') {
                i++;
                return;
            }
            throw eofOr("after object key:value pair");
        }
    }

    private void array() {
        i++;
        skipSpace();
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return;
        }
        while (true) {
            value();
            skipSpace();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            if (i < s.length() && s.charAt(i) == ']') {
                i++;
                return;
            }
            throw eofOr("after array element");
        }
    }

    private void string() {
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                return;
            }
            if (c < 0x20) {
                throw eofOr("in string literal");
            }
            if (c == '\\') {
                i++;
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i);
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        i++;
                        if (i >= s.length()) {
                            throw new SyntaxError("unexpected EOF");
                        }
                        if (Character.digit(s.charAt(i), 16) < 0) {
                            throw eofOr("in \\u hexadecimal character escape");
                        }
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw eofOr("in string escape code");
                }
            }
            i++;
        }
        throw new SyntaxError("unexpected EOF");
    }

    private void literal(String word) {
        for (int k = 0; k < word.length(); k++) {
            if (i >= s.length()) {
                throw new SyntaxError("unexpected EOF");
            }
            if (s.charAt(i) != word.charAt(k)) {
                throw eofOr("in literal " + word + " (expecting " + quote(word.charAt(k)) + ")");
            }
            i++;
        }
    }

    private void number() {
        if (s.charAt(i) == '-') {
            i++;
            if (i >= s.length() || !Character.isDigit(s.charAt(i))) {
                throw eofOr("in numeric literal");
            }
        }
        if (s.charAt(i) == '0') {
            i++;
        } else {
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            if (i >= s.length() || !Character.isDigit(s.charAt(i))) {
                throw eofOr("after decimal point in numeric literal");
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i >= s.length() || !Character.isDigit(s.charAt(i))) {
                throw eofOr("in exponent of numeric literal");
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
        }
    }
}
