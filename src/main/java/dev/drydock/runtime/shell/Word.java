package dev.drydock.runtime.shell;

import java.util.List;

/** A shell word as parsed: literal, quoted and expansion parts, expanded at run time. */
final class Word {
    /** A piece of a word. */
    sealed interface Part permits Lit, Quoted, Dq, Param, CmdSub, Arith, Tilde {
    }

    /** Unquoted literal text (subject to globbing). */
    record Lit(String text) implements Part {
    }

    /** Text quoted by '...' or a backslash: taken literally. */
    record Quoted(String text) implements Part {
    }

    /** A "..." part: its inner parts expand without field splitting or globbing. */
    record Dq(List<Part> parts) implements Part {
    }

    /**
     * A parameter expansion: {@code $name}, {@code ${name}}, {@code ${name:-word}}, {@code ${#name}},
     * {@code ${name%pattern}}, ...
     *
     * @param op    null, "-", "=", "?", "+", "#", "##", "%", "%%", "/", "//", "len", ":" (substring)
     * @param colon true for the ":-" family (null or empty counts as unset)
     */
    record Param(String name, String op, boolean colon, Word arg, Word arg2) implements Part {
    }

    /** A command substitution, $(...) or `...`. */
    record CmdSub(Node body) implements Part {
    }

    /** An arithmetic expansion $((...)); its text expands first, then is evaluated. */
    record Arith(Word expr) implements Part {
    }

    /** A leading ~ or ~user. */
    record Tilde(String user) implements Part {
    }

    final Part[] parts;
    /** The text when the word is one plain literal without glob characters, else null (the fast path). */
    final String plain;
    /** The unquoted source-like text when the word has no expansions (for keywords, names, case). */
    final String literal;

    Word(List<Part> parts) {
        this.parts = parts.toArray(new Part[0]);
        String p = null;
        if (this.parts.length == 1 && this.parts[0] instanceof Lit l && !Glob.hasMeta(l.text())) {
            p = l.text();
        } else if (this.parts.length == 0) {
            p = null;
        }
        this.plain = p;
        StringBuilder sb = new StringBuilder();
        boolean onlyLit = true;
        for (Part part : this.parts) {
            if (part instanceof Lit l) {
                sb.append(l.text());
            } else {
                onlyLit = false;
            }
        }
        this.literal = onlyLit ? sb.toString() : null;
    }

    static Word of(String literal) {
        return new Word(List.of(new Lit(literal)));
    }

    /** True when this is an unquoted literal equal to {@code s} (a reserved word). */
    boolean is(String s) {
        return literal != null && literal.equals(s);
    }

    @Override
    public String toString() {
        return literal != null ? literal : List.of(parts).toString();
    }
}
