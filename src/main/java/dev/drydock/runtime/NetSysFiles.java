package dev.drydock.runtime;

import dev.drydock.runtime.net.NetStack;

import java.util.ArrayList;
import java.util.List;

/** The simulated {@code /sys/class/net}: one directory per interface with its address, mtu and operstate. */
final class NetSysFiles {
    static final String ROOT = "/sys/class/net";
    private static final List<String> FILES = List.of("address", "mtu", "operstate", "statistics");
    /** The kernel's statistics files; those the simulation has no traffic for read 0. */
    private static final List<String> STATISTICS = List.of("collisions", "multicast", "rx_bytes", "rx_compressed",
        "rx_crc_errors", "rx_dropped", "rx_errors", "rx_fifo_errors", "rx_frame_errors", "rx_length_errors",
        "rx_missed_errors", "rx_nohandler", "rx_over_errors", "rx_packets", "tx_aborted_errors", "tx_bytes",
        "tx_carrier_errors", "tx_compressed", "tx_dropped", "tx_errors", "tx_fifo_errors", "tx_heartbeat_errors",
        "tx_packets", "tx_window_errors");

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
        if (rest.endsWith("/statistics")) {
            rest = rest.substring(0, rest.length() - "/statistics".length());
        }
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
        if (!isDir(ctx, p)) {
            return null;
        }
        return p.endsWith("/statistics") ? STATISTICS : FILES;
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
        String file = rest.substring(slash + 1);
        if (file.startsWith("statistics/")) {
            String counter = file.substring("statistics/".length());
            if (!STATISTICS.contains(counter)) {
                return null;
            }
            NetStack.Statistics st = ctx.net().statistics(i.name());
            long v = switch (counter) {
                case "rx_bytes" -> st.rxBytes();
                case "rx_packets" -> st.rxPackets();
                case "tx_bytes" -> st.txBytes();
                case "tx_packets" -> st.txPackets();
                default -> 0;
            };
            return v + "\n";
        }
        return switch (file) {
            case "address" -> i.mac() + "\n";
            case "mtu" -> (i.name().equals("lo") ? 65536 : i.mtu()) + "\n";
            case "operstate" -> (i.name().equals("lo") ? "unknown" : "up") + "\n";
            default -> null;
        };
    }
}
