package dev.drydock.runtime.applets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.drydock.runtime.ProgramContext;

/** getopt-style option parsing the way busybox applets do it ({@code -la}, {@code -n 5}, {@code -n5}, {@code --}). */
final class Opts {
    final List<String> operands = new ArrayList<>();
    private final Map<Character, String> values = new HashMap<>();
    private final Map<Character, Integer> counts = new HashMap<>();
    final List<String> longs = new ArrayList<>();

    /** Thrown after the "invalid option" message was printed. */
    static final class Bad extends Exception {
        Bad() {
            super(null, null, false, false);
        }
    }

    /**
     * {@link #parse}, or null when an option was invalid (its message already printed): the applet then exits 1.
     */
    static Opts parseOrNull(ProgramContext ctx, List<String> args, String flags, String withValue, boolean permute)
        throws IOException {
        try {
            return parse(ctx, args, flags, withValue, permute);
        } catch (Bad b) {
            return null;
        }
    }

    /**
     * Parses {@code args}: {@code flags} are single letters, {@code withValue} letters take an argument; long
     * options ({@code --foo}, {@code --foo=x}) are collected in {@link #longs}. Options stop at "--"; with
     * {@code permute} options may follow operands (GNU style).
     */
    static Opts parse(ProgramContext ctx, List<String> args, String flags, String withValue, boolean permute)
        throws Bad, IOException {
        Opts o = new Opts();
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if (a.equals("--")) {
                o.operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--") && a.length() > 2) {
                o.longs.add(a.substring(2));
                i++;
                continue;
            }
            if (a.startsWith("-") && a.length() > 1 && !isNumberArg(a, flags)) {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    if (withValue.indexOf(c) >= 0) {
                        String v;
                        if (k + 1 < a.length()) {
                            v = a.substring(k + 1);
                        } else if (i + 1 < args.size()) {
                            v = args.get(++i);
                        } else {
                            ctx.err(ctx.name() + ": option requires an argument -- '" + c + "'\n"
                                + Applets.USAGE_LINE);
                            throw new Bad();
                        }
                        o.values.put(c, v);
                        o.counts.merge(c, 1, Integer::sum);
                        break;
                    }
                    if (flags.indexOf(c) < 0) {
                        ctx.err(ctx.name() + ": invalid option -- '" + c + "'\n" + Applets.USAGE_LINE);
                        throw new Bad();
                    }
                    o.counts.merge(c, 1, Integer::sum);
                }
                i++;
                continue;
            }
            if (!permute) {
                o.operands.addAll(args.subList(i, args.size()));
                break;
            }
            o.operands.add(a);
            i++;
        }
        return o;
    }

    private static boolean isNumberArg(String a, String flags) {
        return a.length() > 1 && Character.isDigit(a.charAt(1)) && flags.indexOf(a.charAt(1)) < 0;
    }

    boolean has(char c) {
        return counts.containsKey(c);
    }

    int count(char c) {
        return counts.getOrDefault(c, 0);
    }

    String value(char c, String def) {
        return values.getOrDefault(c, def);
    }

    boolean hasLong(String name) {
        for (String l : longs) {
            if (l.equals(name) || l.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    String longValue(String name) {
        for (String l : longs) {
            if (l.startsWith(name + "=")) {
                return l.substring(name.length() + 1);
            }
        }
        return null;
    }
}
