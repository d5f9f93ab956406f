package dev.drydock.runtime.programs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.fs.FsException;
import dev.drydock.fs.Paths;
import dev.drydock.runtime.Executables;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;

/**
 * Offline package managers: apt-get/apt, apk, yum/dnf/microdnf, pip/pip3, npm. They print plausible output,
 * record what was installed where the real tool keeps it (dpkg status, apk db, site-packages, node_modules) and
 * lay down executable marker files for the package's programs, so a later {@code which} or {@code pip list}
 * agrees.
 */
final class PackageManagers {
    /** Package name to the programs it installs (default: a program of the package's own name). */
    private static final Map<String, List<String>> BINARIES = Map.ofEntries(
        Map.entry("python3", List.of("python3", "python")), Map.entry("python", List.of("python3", "python")),
        Map.entry("python3-pip", List.of("pip3", "pip")), Map.entry("py3-pip", List.of("pip3", "pip")),
        Map.entry("py-pip", List.of("pip3", "pip")),
        Map.entry("nodejs", List.of("node")), Map.entry("npm", List.of("npm", "npx")),
        Map.entry("openjdk-17-jre", List.of("java")), Map.entry("openjdk-17-jdk", List.of("java", "javac")),
        Map.entry("openjdk17", List.of("java", "javac")), Map.entry("openjdk17-jre", List.of("java")),
        Map.entry("default-jre", List.of("java")), Map.entry("default-jdk", List.of("java", "javac")),
        Map.entry("java-17-openjdk", List.of("java")), Map.entry("redis", List.of("redis-server", "redis-cli")),
        Map.entry("redis-server", List.of("redis-server", "redis-cli")), Map.entry("redis-tools", List.of("redis-cli")),
        Map.entry("postgresql", List.of("postgres", "psql")), Map.entry("postgresql-client", List.of("psql")),
        Map.entry("ca-certificates", List.of()), Map.entry("tzdata", List.of()), Map.entry("build-essential",
            List.of("gcc", "make", "g++")), Map.entry("iputils-ping", List.of("ping")),
        Map.entry("procps", List.of("ps", "top", "free")), Map.entry("net-tools", List.of("netstat", "ifconfig")),
        Map.entry("iproute2", List.of("ip")), Map.entry("dnsutils", List.of("dig", "nslookup")),
        Map.entry("bind-tools", List.of("dig", "nslookup")), Map.entry("openssh-client", List.of("ssh", "scp")),
        Map.entry("vim", List.of("vim", "vi")), Map.entry("apache2", List.of("apache2")),
        Map.entry("golang", List.of("go")), Map.entry("go", List.of("go")));

    private PackageManagers() {
    }

    static void register(ProgramRegistry r) {
        r.registerProgram("apt-get", (dev.drydock.runtime.ContainerProgram) c -> apt(c, true));
        r.registerProgram("apt", (dev.drydock.runtime.ContainerProgram) c -> apt(c, false));
        r.registerProgram("apk", (dev.drydock.runtime.ContainerProgram) PackageManagers::apk);
        r.registerProgram("yum", (dev.drydock.runtime.ContainerProgram) PackageManagers::yum);
        r.registerProgram("dnf", (dev.drydock.runtime.ContainerProgram) PackageManagers::yum);
        r.registerProgram("microdnf", (dev.drydock.runtime.ContainerProgram) PackageManagers::yum);
        r.registerProgram("pip", (dev.drydock.runtime.ContainerProgram) c -> pip(c, c.args()));
        r.registerProgram("pip3", (dev.drydock.runtime.ContainerProgram) c -> pip(c, c.args()));
        r.registerProgram("npm", (dev.drydock.runtime.ContainerProgram) PackageManagers::npm);
    }

    private static List<String> packages(List<String> args, int from) {
        List<String> p = new ArrayList<>();
        for (String s : args.subList(Math.min(from, args.size()), args.size())) {
            if (!s.startsWith("-")) {
                p.add(s);
            }
        }
        return p;
    }

    private static String baseName(String pkg) {
        return pkg.replaceAll("[=<>~!].*$", "").replaceAll("\\[.*]$", "");
    }

    private static String versionOf(String pkg) {
        Matcher m = Pattern.compile("==?([^,;\\s]+)").matcher(pkg);
        return m.find() ? m.group(1) : "1.0.0";
    }

    /** Installs the package's programs as markers in {@code binDir}; true when something was written. */
    private static void installBinaries(ProgramContext c, String pkg, String binDir) throws FsException {
        List<String> bins = BINARIES.getOrDefault(pkg, List.of(pkg));
        for (String b : bins) {
            String path = binDir + "/" + b;
            if (!c.fs().exists(path)) {
                Executables.install(c.fs(), path, b);
            }
        }
    }

    private static void append(ProgramContext c, String path, String text) throws FsException {
        c.fs().mkdirs(Paths.parent(path));
        try (var out = c.fs().write(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (FsException e) {
            throw e;
        } catch (IOException e) {
            throw new FsException(dev.drydock.fs.Errno.EINVAL, path);
        }
    }

    private static String read(ProgramContext c, String path) {
        try {
            return c.fs().exists(path) ? new String(c.fs().readAll(path), StandardCharsets.UTF_8) : "";
        } catch (FsException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ apt

    private static int apt(ProgramContext c, boolean aptGet) throws Exception {
        List<String> a = c.args();
        String cmd = "";
        for (String s : a) {
            if (!s.startsWith("-")) {
                cmd = s;
                break;
            }
        }
        if (c.uid() != 0 && !cmd.isEmpty() && !cmd.equals("list") && !cmd.equals("search")) {
            c.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
                + "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n");
            return 100;
        }
        if (!aptGet) {
            c.err("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n");
        }
        switch (cmd) {
            case "update" -> {
                c.out("Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\n"
                    + "Get:2 http://deb.debian.org/debian bookworm-updates InRelease [55.4 kB]\n"
                    + "Get:3 http://deb.debian.org/debian-security bookworm-security InRelease [48.0 kB]\n"
                    + "Get:4 http://deb.debian.org/debian bookworm/main amd64 Packages [8786 kB]\n"
                    + "Fetched 9040 kB in 1s (9040 kB/s)\nReading package lists...\n");
                c.fs().mkdirs("/var/lib/apt/lists");
                return 0;
            }
            case "install" -> {
                List<String> pkgs = new ArrayList<>();
                int idx = a.indexOf("install");
                for (String p : packages(a, idx + 1)) {
                    pkgs.add(baseName(p));
                }
                if (pkgs.isEmpty()) {
                    c.out("Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
                        + "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
                    return 0;
                }
                String status = read(c, "/var/lib/dpkg/status");
                List<String> fresh = new ArrayList<>();
                for (String p : pkgs) {
                    if (!status.contains("Package: " + p + "\n")) {
                        fresh.add(p);
                    }
                }
                StringBuilder sb = new StringBuilder("Reading package lists...\nBuilding dependency tree...\n"
                    + "Reading state information...\n");
                for (String p : pkgs) {
                    if (!fresh.contains(p)) {
                        sb.append(p).append(" is already the newest version (1.0.0-1).\n");
                    }
                }
                if (!fresh.isEmpty()) {
                    sb.append("The following NEW packages will be installed:\n  ").append(String.join(" ", fresh))
                        .append('\n');
                }
                sb.append("0 upgraded, ").append(fresh.size()).append(" newly installed, 0 to remove and 0 not "
                    + "upgraded.\n");
                if (!fresh.isEmpty()) {
                    sb.append("Need to get ").append(fresh.size() * 315).append(" kB of archives.\nAfter this "
                        + "operation, ").append(fresh.size() * 1024).append(" kB of additional disk space will be used.\n");
                    int i = 1;
                    for (String p : fresh) {
                        sb.append("Get:").append(i++).append(" http://deb.debian.org/debian bookworm/main amd64 ")
                            .append(p).append(" amd64 1.0.0-1 [315 kB]\n");
                    }
                    sb.append("debconf: delaying package configuration, since apt-utils is not installed\n")
                        .append("Fetched ").append(fresh.size() * 315).append(" kB in 0s (0 B/s)\n");
                    for (String p : fresh) {
                        sb.append("Selecting previously unselected package ").append(p).append(".\n")
                            .append("(Reading database ... 6090 files and directories currently installed.)\n")
                            .append("Preparing to unpack .../").append(p).append("_1.0.0-1_amd64.deb ...\n")
                            .append("Unpacking ").append(p).append(" (1.0.0-1) ...\n");
                    }
                    for (String p : fresh) {
                        sb.append("Setting up ").append(p).append(" (1.0.0-1) ...\n");
                        installBinaries(c, p, "/usr/bin");
                        append(c, "/var/lib/dpkg/status", "Package: " + p + "\nStatus: install ok installed\n"
                            + "Architecture: amd64\nVersion: 1.0.0-1\n\n");
                    }
                }
                c.out(sb.toString());
                return 0;
            }
            case "remove", "purge" -> {
                c.out("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
                return 0;
            }
            case "clean", "autoclean", "autoremove", "upgrade", "dist-upgrade" -> {
                if (!cmd.contains("clean")) {
                    c.out("Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
                        + "Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
                }
                return 0;
            }
            case "list" -> {
                StringBuilder sb = new StringBuilder("Listing...\n");
                for (String line : read(c, "/var/lib/dpkg/status").split("\n")) {
                    if (line.startsWith("Package: ")) {
                        sb.append(line.substring(9)).append("/now 1.0.0-1 amd64 [installed,local]\n");
                    }
                }
                c.out(sb.toString());
                return 0;
            }
            default -> {
                c.err("E: Invalid operation " + cmd + "\n");
                return 100;
            }
        }
    }

    // ------------------------------------------------------------------ apk

    private static int apk(ProgramContext c) throws Exception {
        List<String> a = c.args();
        String cmd = a.stream().filter(s -> !s.startsWith("-")).findFirst().orElse("");
        switch (cmd) {
            case "update" -> {
                c.out("fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz\n"
                    + "fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz\n"
                    + "v3.19.1-61-g6b4a4ea3b2c [https://dl-cdn.alpinelinux.org/alpine/v3.19/main]\n"
                    + "OK: 22984 distinct packages available\n");
                return 0;
            }
            case "add" -> {
                if (c.uid() != 0) {
                    c.err("ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: "
                        + "Permission denied\n");
                    return 99;
                }
                List<String> pkgs = new ArrayList<>();
                List<String> aa = new ArrayList<>(a);
                for (int i = 0; i < aa.size(); i++) {
                    if ((aa.get(i).equals("--virtual") || aa.get(i).equals("-t") || aa.get(i).equals("--repository")
                        || aa.get(i).equals("-X")) && i + 1 < aa.size()) {
                        aa.remove(i + 1);
                    }
                }
                for (String p : packages(aa, aa.indexOf("add") + 1)) {
                    pkgs.add(baseName(p));
                }
                String db = read(c, "/lib/apk/db/installed");
                StringBuilder sb = new StringBuilder();
                if (!a.contains("--no-cache")) {
                    sb.append("fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz\n");
                } else {
                    sb.append("fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz\n"
                        + "fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz\n");
                }
                List<String> fresh = new ArrayList<>();
                for (String p : pkgs) {
                    if (!db.contains("P:" + p + "\n")) {
                        fresh.add(p);
                    }
                }
                int i = 1;
                for (String p : fresh) {
                    sb.append('(').append(i++).append('/').append(fresh.size()).append(") Installing ").append(p)
                        .append(" (1.0.0-r0)\n");
                    installBinaries(c, p, "/usr/bin");
                    append(c, "/lib/apk/db/installed", "P:" + p + "\nV:1.0.0-r0\nA:x86_64\n\n");
                }
                int total = 15 + read(c, "/lib/apk/db/installed").split("\n\n").length;
                sb.append("OK: ").append(8 + fresh.size()).append(" MiB in ").append(total).append(" packages\n");
                c.out(sb.toString());
                return 0;
            }
            case "del" -> {
                c.out("OK: 8 MiB in 15 packages\n");
                return 0;
            }
            case "info" -> {
                StringBuilder sb = new StringBuilder();
                for (String line : read(c, "/lib/apk/db/installed").split("\n")) {
                    if (line.startsWith("P:")) {
                        sb.append(line.substring(2)).append('\n');
                    }
                }
                c.out(sb.toString());
                return 0;
            }
            case "upgrade", "cache", "fix" -> {
                c.out("OK: 8 MiB in 15 packages\n");
                return 0;
            }
            default -> {
                c.out("apk-tools 2.14.0, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n");
                return cmd.isEmpty() ? 0 : 1;
            }
        }
    }

    // ------------------------------------------------------------------ yum / dnf

    private static int yum(ProgramContext c) throws Exception {
        List<String> a = c.args();
        String cmd = a.stream().filter(s -> !s.startsWith("-")).findFirst().orElse("");
        switch (cmd) {
            case "install" -> {
                List<String> pkgs = new ArrayList<>();
                for (String p : packages(a, a.indexOf("install") + 1)) {
                    pkgs.add(baseName(p));
                }
                StringBuilder sb = new StringBuilder("Last metadata expiration check: 0:00:01 ago.\n"
                    + "Dependencies resolved.\n");
                sb.append("================================================================================\n"
                    + " Package          Architecture   Version               Repository          Size\n"
                    + "================================================================================\n"
                    + "Installing:\n");
                for (String p : pkgs) {
                    sb.append(String.format(" %-16s x86_64         1.0.0-1.el9           baseos             315 k%n", p));
                }
                sb.append("\nTransaction Summary\n"
                    + "================================================================================\n"
                    + "Install  ").append(pkgs.size()).append(" Package").append(pkgs.size() == 1 ? "" : "s")
                    .append("\n\nDownloading Packages:\nRunning transaction\n");
                for (String p : pkgs) {
                    sb.append("  Installing       : ").append(p).append("-1.0.0-1.el9.x86_64\n");
                    installBinaries(c, p, "/usr/bin");
                    append(c, "/var/lib/rpm/drydock-installed", p + "\n");
                }
                sb.append("\nInstalled:\n");
                for (String p : pkgs) {
                    sb.append("  ").append(p).append("-1.0.0-1.el9.x86_64\n");
                }
                sb.append("\nComplete!\n");
                c.out(sb.toString());
                return 0;
            }
            case "clean" -> {
                c.out("0 files removed\n");
                return 0;
            }
            default -> {
                c.out("Last metadata expiration check: 0:00:01 ago.\nDependencies resolved.\nNothing to do.\n"
                    + "Complete!\n");
                return 0;
            }
        }
    }

    // ------------------------------------------------------------------ pip

    static String sitePackages() {
        return "/usr/local/lib/python3.12/site-packages";
    }

    static int pip(ProgramContext c, List<String> a) throws Exception {
        String cmd = a.stream().filter(s -> !s.startsWith("-")).findFirst().orElse("");
        switch (cmd) {
            case "install" -> {
                List<String> pkgs = new ArrayList<>();
                for (int i = a.indexOf("install") + 1; i < a.size(); i++) {
                    String s = a.get(i);
                    if (s.equals("-r") || s.equals("--requirement")) {
                        String file = a.get(++i);
                        String text;
                        try {
                            text = new String(c.fs().readAll(c.resolve(file)), StandardCharsets.UTF_8);
                        } catch (FsException e) {
                            c.err("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '"
                                + file + "'\n");
                            return 1;
                        }
                        for (String line : text.split("\n")) {
                            String l = line.replaceAll("#.*", "").trim();
                            if (!l.isEmpty() && !l.startsWith("-")) {
                                pkgs.add(l);
                            }
                        }
                    } else if (s.equals("-i") || s.equals("--index-url") || s.equals("-c") || s.equals("--target")) {
                        i++;
                    } else if (!s.startsWith("-")) {
                        pkgs.add(s);
                    }
                }
                StringBuilder sb = new StringBuilder();
                Map<String, String> done = new LinkedHashMap<>();
                for (String p : pkgs) {
                    String name = baseName(p);
                    String ver = versionOf(p);
                    sb.append("Collecting ").append(p).append("\n  Downloading ").append(name.replace('-', '_'))
                        .append('-').append(ver).append("-py3-none-any.whl (100 kB)\n");
                    done.put(name, ver);
                    String dir = sitePackages() + "/" + name.replace('-', '_') + "-" + ver + ".dist-info";
                    c.fs().mkdirs(dir);
                    c.fs().writeAll(dir + "/METADATA", ("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + ver
                        + "\n").getBytes(StandardCharsets.UTF_8));
                    c.fs().mkdirs(sitePackages() + "/" + name.replace('-', '_').toLowerCase(Locale.ROOT));
                }
                if (!done.isEmpty()) {
                    sb.append("Installing collected packages: ").append(String.join(", ", done.keySet())).append('\n')
                        .append("Successfully installed");
                    done.forEach((k, v) -> sb.append(' ').append(k).append('-').append(v));
                    sb.append('\n');
                }
                c.out(sb.toString());
                if (c.uid() == 0 && !done.isEmpty()) {
                    c.err("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
                        + "behaviour with the system package manager. It is recommended to use a virtual environment "
                        + "instead: https://pip.pypa.io/warnings/venv\n");
                }
                return 0;
            }
            case "list", "freeze" -> {
                List<String[]> pk = new ArrayList<>();
                pk.add(new String[] {"pip", "24.0"});
                if (c.fs().exists(sitePackages())) {
                    for (String d : c.fs().list(sitePackages())) {
                        if (d.endsWith(".dist-info")) {
                            String meta = read(c, sitePackages() + "/" + d + "/METADATA");
                            Matcher n = Pattern.compile("(?m)^Name: (.*)$").matcher(meta);
                            Matcher v = Pattern.compile("(?m)^Version: (.*)$").matcher(meta);
                            if (n.find() && v.find()) {
                                pk.add(new String[] {n.group(1), v.group(1)});
                            }
                        }
                    }
                }
                pk.sort((x, y) -> x[0].compareToIgnoreCase(y[0]));
                StringBuilder sb = new StringBuilder();
                if (cmd.equals("freeze")) {
                    for (String[] p : pk) {
                        if (!p[0].equals("pip")) {
                            sb.append(p[0]).append("==").append(p[1]).append('\n');
                        }
                    }
                } else {
                    sb.append("Package    Version\n---------- -------\n");
                    for (String[] p : pk) {
                        sb.append(String.format("%-10s %s%n", p[0], p[1]));
                    }
                }
                c.out(sb.toString());
                return 0;
            }
            case "--version", "" -> {
                c.out("pip 24.0 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n");
                return 0;
            }
            default -> {
                c.err("ERROR: unknown command \"" + cmd + "\"\n");
                return 1;
            }
        }
    }

    // ------------------------------------------------------------------ npm

    private static int npm(ProgramContext c) throws Exception {
        List<String> a = c.args();
        String cmd = a.stream().filter(s -> !s.startsWith("-")).findFirst().orElse("");
        switch (cmd) {
            case "install", "i", "ci", "add" -> {
                List<String> pkgs = packages(a, a.indexOf(cmd) + 1);
                if (pkgs.isEmpty()) {
                    String pj = read(c, c.resolve("package.json"));
                    Matcher deps = Pattern.compile("\"(?:dev)?[dD]ependencies\"\\s*:\\s*\\{([^}]*)}").matcher(pj);
                    while (deps.find()) {
                        Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"").matcher(deps.group(1));
                        while (m.find()) {
                            pkgs.add(m.group(1) + "@" + m.group(2).replaceAll("[\\^~>=<]", ""));
                        }
                    }
                }
                for (String p : pkgs) {
                    int at = p.lastIndexOf('@');
                    String name = at > 0 ? p.substring(0, at) : p;
                    String ver = at > 0 && !p.substring(at + 1).isEmpty() ? p.substring(at + 1) : "1.0.0";
                    String dir = c.resolve("node_modules/" + name);
                    c.fs().mkdirs(dir);
                    c.fs().writeAll(dir + "/package.json", ("{\n  \"name\": \"" + name + "\",\n  \"version\": \""
                        + ver + "\"\n}\n").getBytes(StandardCharsets.UTF_8));
                }
                c.out("\nadded " + pkgs.size() + " package" + (pkgs.size() == 1 ? "" : "s") + ", and audited "
                    + (pkgs.size() + 1) + " packages in 1s\n\nfound 0 vulnerabilities\n");
                return 0;
            }
            case "--version", "-v" -> {
                c.out("10.2.4\n");
                return 0;
            }
            case "ls", "list" -> {
                StringBuilder sb = new StringBuilder(c.cwd() + "\n");
                String nm = c.resolve("node_modules");
                if (c.fs().exists(nm)) {
                    for (String d : c.fs().list(nm)) {
                        Matcher v = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"").matcher(read(c,
                            nm + "/" + d + "/package.json"));
                        sb.append("`-- ").append(d).append('@').append(v.find() ? v.group(1) : "1.0.0").append('\n');
                    }
                }
                c.out(sb.toString());
                return 0;
            }
            case "start", "run", "test" -> {
                c.out("\n> app@1.0.0 " + (cmd.equals("run") && a.size() > 1 ? a.get(1) : cmd) + "\n\n");
                return new GenericProgram("node").start(c).toCompletableFuture().join();
            }
            default -> {
                c.out("npm <command>\n");
                return cmd.isEmpty() ? 1 : 0;
            }
        }
    }
}
