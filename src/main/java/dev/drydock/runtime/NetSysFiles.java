package dev.drydock.runtime;

import dev.drydock.runtime.net.NetStack;

import java.util.ArrayList;
import java.util.List;

/** The simulated {@code /sys/class/net}: one directory per interface with its address, mtu and operstate. */
final class NetSysFiles {
    static final String ROOT = "/sys/class/net";
    private static final List<String> FILES = List.of("address", "mtu", "operstate");

    private NetSysFiles() {
    }

    static boolean covers(String p) {
        return p.equals(ROOT) || p.startsWith(ROOT + "/");
    }

    private static NetStack.NetInterface iface(ProgramContext ctx, String name) {
        if (ctx.net() == null) {
            return null;
        }
        return ctx.net().interfaces().stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }

    static boolean isDir(ProgramContext ctx, String p) {
        if (p.equals(ROOT)) {
            return true;
        }
        String rest = p.substring(ROOT.length() + 1);
        return !rest.contains("/") && iface(ctx, rest) != null;
    }

    static List<String> list(ProgramContext ctx, String p) {
        if (p.equals(ROOT)) {
            List<String> names = new ArrayList<>();
            if (ctx.net() != null) {
                ctx.net().interfaces().forEach(i -> names.add(i.name()));
            }
            names.sort(null);
            return names;
        }
        return isDir(ctx, p) ? FILES : null;
    }

    static String content(ProgramContext ctx, String p) {
        String rest = p.substring(Math.min(p.length(), ROOT.length() + 1));
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        NetStack.NetInterface i = iface(ctx, rest.substring(0, slash));
        if (i == null) {
            return null;
        }
        return switch (rest.substring(slash + 1)) {
            case "address" -> i.mac() + "\n";
            case "mtu" -> (i.name().equals("lo") ? 65536 : i.mtu()) + "\n";
            case "operstate" -> (i.name().equals("lo") ? "unknown" : "up") + "\n";
            default -> null;
        };
    }
}
