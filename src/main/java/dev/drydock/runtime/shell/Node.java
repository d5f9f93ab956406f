package dev.drydock.runtime.shell;

/** A node of the parsed shell program; {@link Shell} walks the tree. */
abstract class Node {
    int line;

    /** A simple command: assignments, words and redirections. */
    static final class Simple extends Node {
        final String[] assignNames;
        final Word[] assignValues;
        final Word[] words;
        final Redir[] redirs;
        /** Whether the assignments or words hold a command substitution: 0 not known yet, 1 no, 2 yes. */
        byte substKind;

        Simple(String[] assignNames, Word[] assignValues, Word[] words, Redir[] redirs) {
            this.assignNames = assignNames;
            this.assignValues = assignValues;
            this.words = words;
            this.redirs = redirs;
        }
    }

    /** {@code a | b | c}, maybe negated with {@code !}. */
    static final class Pipeline extends Node {
        final Node[] cmds;
        final boolean bang;

        Pipeline(Node[] cmds, boolean bang) {
            this.cmds = cmds;
            this.bang = bang;
        }
    }

    /** {@code a && b || c}: ops[i] joins items[i] and items[i+1]; true for &&. */
    static final class AndOr extends Node {
        final Node[] items;
        final boolean[] and;

        AndOr(Node[] items, boolean[] and) {
            this.items = items;
            this.and = and;
        }
    }

    /** A sequence; async[i] when item i ends with {@code &}. */
    static final class Seq extends Node {
        final Node[] items;
        final boolean[] async;

        Seq(Node[] items, boolean[] async) {
            this.items = items;
            this.async = async;
        }
    }

    static final class Subshell extends Node {
        final Node body;

        Subshell(Node body) {
            this.body = body;
        }
    }

    static final class Group extends Node {
        final Node body;

        Group(Node body) {
            this.body = body;
        }
    }

    static final class If extends Node {
        final Node[] conds;
        final Node[] bodies;
        final Node elseBody;

        If(Node[] conds, Node[] bodies, Node elseBody) {
            this.conds = conds;
            this.bodies = bodies;
            this.elseBody = elseBody;
        }
    }

    static final class Loop extends Node {
        final Node cond;
        final Node body;
        final boolean until;

        Loop(Node cond, Node body, boolean until) {
            this.cond = cond;
            this.body = body;
            this.until = until;
        }
    }

    static final class For extends Node {
        final String var;
        final Word[] words;
        final Node body;

        For(String var, Word[] words, Node body) {
            this.var = var;
            this.words = words;
            this.body = body;
        }
    }

    static final class Case extends Node {
        final Word word;
        final Word[][] patterns;
        final Node[] bodies;
        final boolean[] fallthrough;

        Case(Word word, Word[][] patterns, Node[] bodies, boolean[] fallthrough) {
            this.word = word;
            this.patterns = patterns;
            this.bodies = bodies;
            this.fallthrough = fallthrough;
        }
    }

    static final class FuncDef extends Node {
        final String name;
        final Node body;

        FuncDef(String name, Node body) {
            this.name = name;
            this.body = body;
        }
    }

    /** A compound command with redirections. */
    static final class Redirected extends Node {
        final Node body;
        final Redir[] redirs;

        Redirected(Node body, Redir[] redirs) {
            this.body = body;
            this.redirs = redirs;
        }
    }

    /** {@code [[ ... ]]}: words and operators (operators as plain words). */
    static final class DBracket extends Node {
        final Word[] words;

        DBracket(Word[] words) {
            this.words = words;
        }
    }

    /** An empty command (blank input). */
    static final class Empty extends Node {
    }

    /**
     * One redirection.
     *
     * @see #op one of {@code < > >> >| <> <& >& << <<-}
     */
    static final class Redir {
        final int fd;
        final String op;
        Word target;
        /** Here-document body (unquoted delimiter: expanded; quoted: literal). */
        Word hereBody;
        String hereDelim;
        boolean hereQuoted;

        Redir(int fd, String op, Word target) {
            this.fd = fd;
            this.op = op;
            this.target = target;
        }
    }
}
