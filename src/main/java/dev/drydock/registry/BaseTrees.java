package dev.drydock.registry;

import dev.drydock.fs.TreeSpec;

import java.time.Instant;
import java.util.List;

/**
 * The root layers of the catalog's distributions, each a small table: which directories, which programs
 * (simulated executables), which links, which account files. Built once; the layer store shares them.
 */
final class BaseTrees {
    /** The applets a busybox binary answers to, linked from /bin as {@code busybox --install -s} does. */
    static final List<String> BUSYBOX_APPLETS = List.of(
            "[", "[[", "addgroup", "adduser", "ar", "arch", "ash", "awk", "base64", "basename", "bc", "bunzip2",
            "bzcat", "cat", "chgrp", "chmod", "chown", "chroot", "cksum", "clear", "cmp", "cp", "crond", "cut",
            "date", "dc", "dd", "delgroup", "deluser", "df", "diff", "dirname", "dmesg", "dnsdomainname",
            "dos2unix", "du", "echo", "ed", "egrep", "env", "expand", "expr", "false", "fgrep", "find", "fold",
            "free", "fuser", "getopt", "grep", "gunzip", "gzip", "halt", "head", "hexdump", "hostid", "hostname",
            "httpd", "id", "ifconfig", "install", "ip", "ipcalc", "kill", "killall", "less", "link", "ln",
            "logger", "login", "logname", "ls", "lsof", "md5sum", "mkdir", "mkfifo", "mknod", "mktemp", "more",
            "mount", "mv", "nc", "netstat", "nice", "nl", "nohup", "nproc", "nslookup", "od", "passwd", "paste",
            "patch", "pgrep", "pidof", "ping", "pkill", "poweroff", "printenv", "printf", "ps", "pwd", "readlink",
            "realpath", "reboot", "renice", "reset", "rev", "rm", "rmdir", "route", "sed", "seq", "sh", "sha1sum",
            "sha256sum", "sha512sum", "shuf", "sleep", "sort", "split", "stat", "strings", "stty", "su", "sum",
            "sync", "tac", "tail", "tar", "tee", "telnet", "test", "time", "timeout", "top", "touch", "tr",
            "traceroute", "true", "truncate", "tty", "umount", "uname", "uniq", "unlink", "unzip", "uptime",
            "usleep", "uudecode", "uuencode", "vi", "watch", "wc", "wget", "which", "whoami", "xargs", "xxd",
            "yes", "zcat");

    /** Alpine keeps these applets under /usr/bin rather than /bin. */
    private static final List<String> ALPINE_USR_BIN = List.of(
            "[", "[[", "awk", "basename", "bc", "bunzip2", "bzcat", "cksum", "clear", "cmp", "cut", "dc", "diff",
            "dirname", "dos2unix", "du", "env", "expand", "expr", "find", "fold", "free", "fuser", "head", "hexdump",
            "hostid", "id", "install", "killall", "less", "logger", "lsof", "md5sum", "mkfifo", "nc", "nl",
            "nohup", "nproc", "nslookup", "od", "paste", "patch", "pgrep", "pkill", "printf", "readlink",
            "realpath", "reset", "rev", "seq", "sha1sum", "sha256sum", "sha512sum", "shuf", "sort", "split",
            "strings", "sum", "tac", "tail", "tee", "test", "time", "timeout", "top", "tr", "traceroute",
            "truncate", "tty", "uniq", "unlink", "unzip", "uptime", "uudecode", "uuencode", "wc", "wget", "which",
            "whoami", "xargs", "xxd", "yes");

    /** The separate programs a Debian or Ubuntu root carries in /usr/bin (coreutils, bash, dash, ...). */
    static final List<String> DEBIAN_PROGRAMS = List.of(
            "[", "apt", "apt-get", "apt-cache", "arch", "base64", "basename", "bash", "cat", "chgrp", "chmod",
            "chown", "cksum", "cmp", "cp", "cut", "dash", "date", "dd", "df", "diff", "dir", "dirname", "dpkg",
            "du", "echo", "env", "expr", "false", "find", "fold", "getent", "grep", "gunzip", "gzip", "head",
            "hostname", "id", "install", "join", "kill", "link", "ln", "login", "logname", "ls", "mawk",
            "md5sum", "mkdir", "mkfifo", "mknod", "mktemp", "more", "mount", "mv", "nice", "nl", "nohup", "nproc",
            "od", "paste", "perl", "printenv", "printf", "pwd", "readlink", "realpath", "rm", "rmdir", "sed",
            "seq", "sha1sum", "sha256sum", "sha512sum", "shuf", "sleep", "sort", "split", "stat", "stty", "su",
            "sum", "sync", "tac", "tail", "tar", "tee", "test", "timeout", "touch", "tr", "true", "truncate",
            "tty", "umount", "uname", "uniq", "unlink", "uptime", "wc", "which", "whoami", "xargs", "yes", "zcat");

    static final String ALPINE_PASSWD = """
                root:x:0:0:root:/root:/bin/sh
                bin:x:1:1:bin:/bin:/sbin/nologin
                daemon:x:2:2:daemon:/sbin:/sbin/nologin
                lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
                sync:x:5:0:sync:/sbin:/bin/sync
                shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
                halt:x:7:0:halt:/sbin:/sbin/halt
                mail:x:8:12:mail:/var/mail:/sbin/nologin
                news:x:9:13:news:/usr/lib/news:/sbin/nologin
                uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
                cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
                ftp:x:21:21::/var/lib/ftp:/sbin/nologin
                sshd:x:22:22:sshd:/dev/null:/sbin/nologin
                games:x:35:35:games:/usr/games:/sbin/nologin
                ntp:x:123:123:NTP:/var/empty:/sbin/nologin
                guest:x:405:100:guest:/dev/null:/sbin/nologin
                nobody:x:65534:65534:nobody:/:/sbin/nologin
                """;

    static final String ALPINE_GROUP = """
                root:x:0:root
                bin:x:1:root,bin,daemon
                daemon:x:2:root,bin,daemon
                sys:x:3:root,bin
                adm:x:4:root,daemon
                tty:x:5:
                disk:x:6:root
                lp:x:7:lp
                kmem:x:9:
                wheel:x:10:root
                floppy:x:11:root
                mail:x:12:mail
                news:x:13:news
                uucp:x:14:uucp
                cron:x:16:cron
                audio:x:18:
                cdrom:x:19:
                dialout:x:20:root
                ftp:x:21:
                sshd:x:22:
                input:x:23:
                tape:x:26:root
                video:x:27:root
                netdev:x:28:
                kvm:x:34:kvm
                games:x:35:
                shadow:x:42:
                www-data:x:82:
                users:x:100:games
                ntp:x:123:
                abuild:x:300:
                utmp:x:406:
                ping:x:999:
                nogroup:x:65533:
                nobody:x:65534:
                """;

    static final String DEBIAN_PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            bin:x:2:2:bin:/bin:/usr/sbin/nologin
            sys:x:3:3:sys:/dev:/usr/sbin/nologin
            sync:x:4:65534:sync:/bin:/bin/sync
            games:x:5:60:games:/usr/games:/usr/sbin/nologin
            man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
            lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
            mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
            news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
            uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
            proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
            www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
            backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
            list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
            irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
            _apt:x:42:65534::/nonexistent:/usr/sbin/nologin
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            """;

    static final String DEBIAN_GROUP = """
            root:x:0:
            daemon:x:1:
            bin:x:2:
            sys:x:3:
            adm:x:4:
            tty:x:5:
            disk:x:6:
            lp:x:7:
            mail:x:8:
            news:x:9:
            uucp:x:10:
            man:x:12:
            proxy:x:13:
            kmem:x:15:
            dialout:x:20:
            cdrom:x:24:
            sudo:x:27:
            audio:x:29:
            www-data:x:33:
            backup:x:34:
            operator:x:37:
            list:x:38:
            irc:x:39:
            src:x:40:
            shadow:x:42:
            utmp:x:43:
            video:x:44:
            sasl:x:45:
            plugdev:x:46:
            staff:x:50:
            games:x:60:
            users:x:100:
            nogroup:x:65534:
            """;

    private BaseTrees() {
    }

    /** The directories every Linux root has. */
    private static TreeSpec.Builder fhs(Instant t) {
        TreeSpec.Builder b = TreeSpec.builder(t);
        for (String d : List.of("/bin", "/dev", "/etc", "/home", "/lib", "/media", "/mnt", "/opt", "/proc", "/run",
                "/sbin", "/srv", "/sys", "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin",
                "/usr/local/lib", "/usr/local/sbin", "/usr/local/share", "/usr/sbin", "/usr/share", "/var",
                "/var/cache", "/var/lib", "/var/local", "/var/log", "/var/mail", "/var/opt", "/var/spool")) {
            b.dir(d);
        }
        return b.dir("/root", 0700, 0, 0).dir("/tmp", 0777, 0, 0).dir("/var/tmp", 0777, 0, 0);
    }

    /** busybox: one multi-call binary in /bin and a link per applet; no package manager, no os-release. */
    static TreeSpec busybox(Instant t) {
        TreeSpec.Builder b = TreeSpec.builder(t);
        for (String d : List.of("/bin", "/dev", "/etc", "/home", "/lib", "/lib64", "/proc", "/sys", "/usr",
                "/usr/sbin", "/var", "/var/spool", "/var/spool/mail", "/var/www")) {
            b.dir(d);
        }
        b.dir("/root", 0700, 0, 0).dir("/tmp", 0777, 0, 0);
        b.program("/bin/busybox", "busybox");
        for (String applet : BUSYBOX_APPLETS) {
            b.symlink("/bin/" + applet, "/bin/busybox");
        }
        b.file("/etc/passwd", """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/bin/false
                bin:x:2:2:bin:/bin:/bin/false
                sys:x:3:3:sys:/dev:/bin/false
                sync:x:4:100:sync:/bin:/bin/sync
                mail:x:8:8:mail:/var/spool/mail:/bin/false
                www-data:x:33:33:www-data:/var/www:/bin/false
                operator:x:37:37:Operator:/var:/bin/false
                nobody:x:65534:65534:nobody:/home:/bin/false
                """);
        b.file("/etc/shadow", "root:*:10933:0:99999:7:::\nnobody:*:10933:0:99999:7:::\n", 0600);
        b.file("/etc/group", """
                root:x:0:
                daemon:x:1:
                bin:x:2:
                sys:x:3:
                adm:x:4:
                tty:x:5:
                disk:x:6:
                lp:x:7:
                mail:x:8:
                kmem:x:9:
                wheel:x:10:root
                cdrom:x:11:
                dialout:x:18:
                floppy:x:19:
                video:x:28:
                audio:x:29:
                tape:x:32:
                www-data:x:33:
                operator:x:37:
                utmp:x:43:
                plugdev:x:46:
                staff:x:50:
                lock:x:54:
                netdev:x:82:
                users:x:100:
                nogroup:x:65534:
                """);
        b.file("/etc/localtime", "TZif2\n");
        return b.build();
    }

    /** Alpine: busybox applets split over /bin and /usr/bin, apk, musl, os-release. */
    static TreeSpec alpine(Instant t, String version) {
        TreeSpec.Builder b = fhs(t);
        b.program("/bin/busybox", "busybox");
        for (String applet : BUSYBOX_APPLETS) {
            String dir = ALPINE_USR_BIN.contains(applet) ? "/usr/bin/" : "/bin/";
            b.symlink(dir + applet, "/bin/busybox");
        }
        b.program("/sbin/apk", "apk").program("/sbin/ldconfig", "ldconfig");
        b.program("/lib/ld-musl-x86_64.so.1", "ld-musl").symlink("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1");
        b.program("/usr/bin/getent", "getent").program("/usr/bin/scanelf", "scanelf").program("/usr/bin/ssl_client", "ssl_client");
        String shortVersion = version.substring(0, version.lastIndexOf('.'));
        b.file("/etc/alpine-release", version + "\n");
        b.file("/etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=" + version + "\n"
                + "PRETTY_NAME=\"Alpine Linux v" + shortVersion + "\"\nHOME_URL=\"https://alpinelinux.org/\"\n"
                + "BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n");
        b.file("/etc/apk/repositories", "https://dl-cdn.alpinelinux.org/alpine/v" + shortVersion + "/main\n"
                + "https://dl-cdn.alpinelinux.org/alpine/v" + shortVersion + "/community\n");
        b.file("/etc/apk/world", "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nca-certificates-bundle\nlibc-utils\n");
        b.file("/etc/passwd", ALPINE_PASSWD).file("/etc/group", ALPINE_GROUP);
        b.file("/etc/shells", "# valid login shells\n/bin/sh\n/bin/ash\n");
        b.file("/etc/profile", "export PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n");
        b.file("/etc/ssl/certs/ca-certificates.crt", "# simulated CA bundle\n");
        return b.build();
    }

    /**
     * Debian or Ubuntu root with merged /usr: separate programs in /usr/bin, /bin a link to usr/bin,
     * sh linked to dash.
     *
     * @param osRelease the /etc/os-release content
     */
    static TreeSpec debianLike(Instant t, String osRelease, String debianVersion, boolean ubuntu) {
        TreeSpec.Builder b = fhs(t);
        b.symlink("/bin", "usr/bin").symlink("/sbin", "usr/sbin").symlink("/lib", "usr/lib")
                .symlink("/lib64", "usr/lib64").dir("/usr/lib64").dir("/usr/games").dir("/var/backups")
                .dir("/etc/apt/sources.list.d").dir("/var/lib/dpkg").dir("/var/lib/apt/lists");
        for (String p : DEBIAN_PROGRAMS) {
            b.program("/usr/bin/" + p, p);
        }
        b.symlink("/usr/bin/sh", "dash").symlink("/usr/bin/rbash", "bash")
                .symlink("/usr/bin/awk", "/etc/alternatives/awk").symlink("/etc/alternatives/awk", "/usr/bin/mawk")
                .symlink("/usr/bin/pager", "/etc/alternatives/pager").symlink("/etc/alternatives/pager", "/usr/bin/more")
                .symlink("/usr/bin/egrep", "grep").symlink("/usr/bin/fgrep", "grep");
        if (ubuntu) {
            for (String p : List.of("ps", "top", "free", "pgrep", "pkill", "kill", "watch", "pidof")) {
                b.program("/usr/bin/" + p, p);
            }
        }
        for (String p : List.of("useradd", "groupadd", "usermod", "userdel", "nologin", "ldconfig", "chroot",
                "start-stop-daemon", "invoke-rc.d")) {
            b.program("/usr/sbin/" + p, p);
        }
        b.program("/usr/lib64/ld-linux-x86-64.so.2", "ld-linux")
                .program("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc");
        b.file("/etc/os-release", osRelease).symlink("/usr/lib/os-release", "../../etc/os-release");
        b.file("/etc/debian_version", debianVersion + "\n");
        String passwd = DEBIAN_PASSWD;
        String group = DEBIAN_GROUP;
        if (ubuntu) {
            passwd += "ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n";
            group += "ubuntu:x:1000:\n";
            b.dir("/home/ubuntu", 0750, 1000, 1000);
        }
        b.file("/etc/passwd", passwd).file("/etc/group", group)
                .file("/etc/shadow", "root:*:20000:0:99999:7:::\n", 0640)
                .file("/etc/shells", "# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/bin/dash\n/usr/bin/dash\n")
                .file("/etc/bash.bashrc", "# System-wide .bashrc file for interactive bash(1) shells.\n")
                .file("/root/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n")
                .file("/root/.profile", "# ~/.profile: executed by Bourne-compatible login shells.\n")
                .file("/etc/profile", "if [ \"$(id -u)\" -eq 0 ]; then\n  PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nfi\nexport PATH\n")
                .file("/etc/localtime", "TZif2\n")
                .file("/etc/ssl/certs/ca-certificates.crt", "# simulated CA bundle\n");
        return b.build();
    }

    static String debianOsRelease(String version, String codename) {
        return "PRETTY_NAME=\"Debian GNU/Linux " + version + " (" + codename + ")\"\nNAME=\"Debian GNU/Linux\"\n"
                + "VERSION_ID=\"" + version + "\"\nVERSION=\"" + version + " (" + codename + ")\"\n"
                + "VERSION_CODENAME=" + codename + "\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n"
                + "SUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n";
    }

    static String ubuntuOsRelease(String version, String fullVersion, String codename, String title) {
        return "PRETTY_NAME=\"Ubuntu " + fullVersion + " LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"" + version + "\"\n"
                + "VERSION=\"" + fullVersion + " LTS (" + title + ")\"\nVERSION_CODENAME=" + codename + "\nID=ubuntu\n"
                + "ID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\n"
                + "BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n"
                + "PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n"
                + "UBUNTU_CODENAME=" + codename + "\nLOGO=ubuntu-logo\n";
    }

    /**
     * A distroless root: account files, CA certificates, tzdata, os-release — and no shell, no package
     * manager. {@code withLibc} adds glibc and libssl (the "base" flavour).
     */
    static TreeSpec distroless(Instant t, boolean withLibc) {
        TreeSpec.Builder b = TreeSpec.builder(t);
        for (String d : List.of("/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/proc", "/root", "/run", "/sbin",
                "/sys", "/usr", "/usr/bin", "/usr/lib", "/usr/sbin", "/usr/share", "/var", "/var/lib")) {
            b.dir(d);
        }
        b.dir("/tmp", 0777, 0, 0).dir("/home/nonroot", 0700, 65532, 65532);
        b.file("/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
                + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
        b.file("/etc/group", "root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n");
        b.file("/etc/nsswitch.conf", "passwd:         files\ngroup:          files\nshadow:         files\n"
                + "hosts:          files dns\n");
        b.file("/etc/os-release", "PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\n"
                + "VERSION_ID=\"12\"\nVERSION=\"Debian GNU/Linux 12 (bookworm)\"\nHOME_URL=\"https://github.com/GoogleContainerTools/distroless\"\n"
                + "SUPPORT_URL=\"https://github.com/GoogleContainerTools/distroless/blob/master/README.md\"\n"
                + "BUG_REPORT_URL=\"https://github.com/GoogleContainerTools/distroless/issues/new\"\n");
        b.file("/etc/ssl/certs/ca-certificates.crt", "# simulated CA bundle\n");
        b.file("/usr/share/zoneinfo/UTC", "TZif2\n").symlink("/etc/localtime", "/usr/share/zoneinfo/UTC");
        if (withLibc) {
            b.program("/lib64/ld-linux-x86-64.so.2", "ld-linux")
                    .program("/lib/x86_64-linux-gnu/libc.so.6", "libc")
                    .program("/usr/lib/x86_64-linux-gnu/libssl.so.3", "libssl")
                    .program("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "libcrypto");
        }
        return b.build();
    }
}
