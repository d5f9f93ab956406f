package dev.drydock.runtime;

import java.util.ArrayList;
import java.util.List;

/** The simulated /proc: network listeners, processes, memory and CPU, answered from the runtime's state. */
final class ProcFiles {
    private ProcFiles() {
    }

    static boolean isDir(ProgramContext ctx, String p) {
        if (p.equals("/proc/net") || p.equals("/proc/self") || p.equals("/proc/sys")
            || p.equals("/proc/sys/kernel")) {
            return true;
        }
        String rest = p.substring("/proc/".length());
        return rest.matches("[0-9]+") && ctx.process().namespace().get(Integer.parseInt(rest)) != null;
    }

    static List<String> list(ProgramContext ctx, String p) {
        if (p.equals("/proc")) {
            List<String> l = new ArrayList<>();
            for (SimProcess sp : ctx.process().namespace().processes()) {
                l.add(Integer.toString(sp.pid()));
            }
            l.addAll(List.of("cpuinfo", "loadavg", "meminfo", "mounts", "net", "self", "sys", "uptime",
                "version"));
            return l;
        }
        if (p.equals("/proc/net")) {
            return List.of("dev", "tcp", "tcp6", "udp", "udp6");
        }
        if (isDir(ctx, p)) {
            return List.of("cmdline", "comm", "environ", "status");
        }
        return null;
    }

    static String content(ProgramContext ctx, String p) {
        switch (p) {
            case "/proc/net/dev":
                return netDev(ctx);
            case "/proc/net/tcp":
                return tcp(ctx, false);
            case "/proc/net/tcp6":
                return tcp(ctx, true);
            case "/proc/net/udp", "/proc/net/udp6":
                return "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
                    + "inode ref pointer drops\n";
            case "/proc/meminfo":
                return "MemTotal:        8039656 kB\nMemFree:         5193452 kB\nMemAvailable:    6904208 kB\n"
                    + "Buffers:          120340 kB\nCached:          1499160 kB\nSwapCached:            0 kB\n"
                    + "SwapTotal:             0 kB\nSwapFree:              0 kB\n";
            case "/proc/cpuinfo":
                StringBuilder sb = new StringBuilder();
                int n = Runtime.getRuntime().availableProcessors();
                for (int i = 0; i < n; i++) {
                    sb.append("processor\t: ").append(i).append("\nvendor_id\t: GenuineIntel\nmodel name\t: "
                        + "Drydock Virtual CPU @ 2.40GHz\ncpu MHz\t\t: 2400.000\ncpu cores\t: ").append(n)
                        .append("\n\n");
                }
                return sb.toString();
            case "/proc/uptime":
                long up = Math.max(0, ctx.clock().now().getEpochSecond()
                    - ctx.process().namespace().processes().stream().mapToLong(x -> x.startedAt().getEpochSecond())
                    .min().orElse(ctx.clock().now().getEpochSecond()));
                return up + ".00 " + up + ".00\n";
            case "/proc/loadavg":
                return "0.00 0.00 0.00 1/" + ctx.process().namespace().processes().size() + " "
                    + ctx.pid() + "\n";
            case "/proc/version":
                return "Linux version 5.15.0-drydock (drydock@drydock) (gcc 12.2.0) #1 SMP\n";
            case "/proc/mounts", "/proc/self/mounts":
                StringBuilder mounts = new StringBuilder();
                MountTable.of(ctx.fs()).forEach(e -> mounts.append(e.procLine()));
                return mounts.toString();
            case "/proc/sys/kernel/hostname":
                return ctx.hostname() + "\n";
            default:
                break;
        }
        String rest = p.substring("/proc/".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String who = rest.substring(0, slash);
        String file = rest.substring(slash + 1);
        SimProcess sp = who.equals("self") ? ctx.process()
            : who.matches("[0-9]+") ? ctx.process().namespace().get(Integer.parseInt(who)) : null;
        if (sp == null) {
            return null;
        }
        return switch (file) {
            case "cmdline" -> String.join("\0", sp.argv()) + "\0";
            case "comm" -> dev.drydock.fs.Paths.name(sp.argv().get(0)) + "\n";
            case "status" -> "Name:\t" + dev.drydock.fs.Paths.name(sp.argv().get(0)) + "\nState:\tS (sleeping)\nPid:\t"
                + sp.pid() + "\nPPid:\t" + sp.ppid() + "\nUid:\t" + sp.uid() + "\t" + sp.uid() + "\t" + sp.uid() + "\t"
                + sp.uid() + "\nGid:\t" + sp.gid() + "\t" + sp.gid() + "\t" + sp.gid() + "\t" + sp.gid() + "\n";
            case "environ" -> sp == ctx.process() ? envText(ctx) : "";
            case "cgroup" -> "0::/\n";
            case "net/dev" -> netDev(ctx);
            case "net/tcp" -> tcp(ctx, false);
            case "net/tcp6" -> tcp(ctx, true);
            default -> null;
        };
    }

    /** Every interface's counters in the kernel's layout (the columns dockerd's stats do not have stay 0). */
    private static String netDev(ProgramContext ctx) {
        StringBuilder sb = new StringBuilder("Inter-|   Receive                                                |  Transmit\n"
            + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls "
            + "carrier compressed\n");
        if (ctx.net() == null) {
            return sb.toString();
        }
        for (dev.drydock.runtime.net.NetStack.NetInterface i : ctx.net().interfaces()) {
            dev.drydock.runtime.net.NetStack.Statistics st = ctx.net().statistics(i.name());
            sb.append(String.format("%6s:%8d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d %10d%n", i.name(),
                st.rxBytes(), st.rxPackets(), 0, 0, 0, 0, 0, 0, st.txBytes(), st.txPackets(), 0, 0, 0, 0, 0, 0));
        }
        return sb.toString();
    }

    private static String envText(ProgramContext ctx) {
        StringBuilder sb = new StringBuilder();
        ctx.env().forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        return sb.toString();
    }

    private static String tcp(ProgramContext ctx, boolean v6) {
        StringBuilder sb = new StringBuilder();
        if (v6) {
            sb.append("  sl  local_address                         remote_address                        st tx_queue "
                + "rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        } else {
            sb.append("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
                + "inode\n");
        }
        int i = 0;
        for (int port : ctx.net().listeningPorts()) {
            // A socket bound to :: (dual-stack) is only in tcp6, one bound to an IPv4 address only in tcp; a
            // server bound to both 0.0.0.0 and :: has a socket in each.
            List<String> addresses = ctx.net().boundAddresses(port);
            for (int a = 0; a < addresses.size(); a++) {
                String bound = addresses.get(a);
                if (bound.contains(":") != v6) {
                    continue;
                }
                String local = (v6 ? hex6(bound) : hex4(bound)) + ":" + hex4(port);
                String remote = v6 ? "00000000000000000000000000000000:0000" : "00000000:0000";
                sb.append(String.format("%4d: %s %s 0A 00000000:00000000 00:00000000 00000000     0        0 %d 1 "
                    + "0000000000000000 100 0 0 10 0%n", i++, local, remote, 10000 + port + a * 65536));
            }
        }
        return sb.toString();
    }

    /** An IPv4 address as the kernel prints it: the 32-bit word in host (little-endian) order. */
    private static String hex4(String address) {
        String[] p = address.split("\\.");
        StringBuilder sb = new StringBuilder(8);
        for (int i = 3; i >= 0; i--) {
            sb.append(String.format("%02X", Integer.parseInt(p[i])));
        }
        return sb.toString();
    }

    /** An IPv6 address as the kernel prints it: four 32-bit words, each in host (little-endian) order. */
    private static String hex6(String address) {
        byte[] b;
        try {
            b = java.net.InetAddress.getByName(address).getAddress();
        } catch (java.net.UnknownHostException e) {
            b = new byte[16];
        }
        if (b.length != 16) {
            b = new byte[16];
        }
        StringBuilder sb = new StringBuilder(32);
        for (int w = 0; w < 16; w += 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(String.format("%02X", b[w + i] & 0xff));
            }
        }
        return sb.toString();
    }

    private static String hex4(int port) {
        String h = Integer.toHexString(port).toUpperCase(java.util.Locale.ROOT);
        return "0000".substring(h.length()) + h;
    }
}
