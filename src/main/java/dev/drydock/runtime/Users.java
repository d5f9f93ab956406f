package dev.drydock.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.drydock.fs.FsException;
import dev.drydock.fs.FsView;

/** User and group lookups in a container's /etc/passwd and /etc/group, as runc resolves {@code --user}. */
public final class Users {
    private Users() {
    }

    /**
     * A resolved user.
     *
     * @param name  the user name, or null for a numeric uid without a passwd entry
     * @param home  the home directory ("/" when unknown)
     * @param shell the login shell ("/bin/sh" when unknown)
     */
    public record UserInfo(String name, int uid, int gid, String home, String shell) {
    }

    /** A passwd or group line split into fields. */
    public static List<String[]> entries(FsView fs, String file) {
        List<String[]> out = new ArrayList<>();
        try {
            // One lookup: an absent file fails the read like any unreadable one (each lookup walks the layers).
            String text = new String(fs.readAll(file), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                out.add(line.split(":", -1));
            }
        } catch (FsException e) {
            // unreadable: like an absent file
        }
        return out;
    }

    /**
     * Resolves Docker's user syntax ("", "name", "uid", "name:group", "uid:gid").
     *
     * @throws ProcessStartException with Docker's "unable to find user x: no matching entries in passwd file"
     */
    public static UserInfo resolve(FsView fs, String user) throws ProcessStartException {
        String u = user == null || user.isEmpty() ? "0" : user;
        String groupPart = null;
        int colon = u.indexOf(':');
        if (colon >= 0) {
            groupPart = u.substring(colon + 1);
            u = u.substring(0, colon);
        }
        List<String[]> passwd = entries(fs, "/etc/passwd");
        String name = null;
        int uid;
        int gid = 0;
        String home = "/";
        String shell = "/bin/sh";
        String[] match = null;
        for (String[] e : passwd) {
            if (e.length >= 4 && (e[0].equals(u) || (isNumber(u) && e[2].equals(u)))) {
                match = e;
                break;
            }
        }
        if (match != null) {
            name = match[0];
            uid = parseOr(match[2], 0);
            gid = parseOr(match[3], 0);
            if (match.length > 5 && !match[5].isEmpty()) {
                home = match[5];
            }
            if (match.length > 6 && !match[6].isEmpty()) {
                shell = match[6];
            }
        } else if (isNumber(u)) {
            uid = Integer.parseInt(u);
        } else {
            throw new ProcessStartException(ProcessStartException.Reason.NO_SUCH_USER,
                "unable to find user " + u + ": no matching entries in passwd file");
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            if (isNumber(groupPart)) {
                gid = Integer.parseInt(groupPart);
            } else {
                Integer g = groupId(fs, groupPart);
                if (g == null) {
                    throw new ProcessStartException(ProcessStartException.Reason.NO_SUCH_USER,
                        "unable to find group " + groupPart + ": no matching entries in group file");
                }
                gid = g;
            }
        }
        return new UserInfo(name, uid, gid, home, shell);
    }

    /** The name of a uid in /etc/passwd, or null. */
    public static String userName(FsView fs, int uid) {
        for (String[] e : entries(fs, "/etc/passwd")) {
            if (e.length >= 3 && e[2].equals(Integer.toString(uid))) {
                return e[0];
            }
        }
        return null;
    }

    /** The name of a gid in /etc/group, or null. */
    public static String groupName(FsView fs, int gid) {
        for (String[] e : entries(fs, "/etc/group")) {
            if (e.length >= 3 && e[2].equals(Integer.toString(gid))) {
                return e[0];
            }
        }
        return null;
    }

    /** The gid of a group name, or null. */
    public static Integer groupId(FsView fs, String name) {
        for (String[] e : entries(fs, "/etc/group")) {
            if (e.length >= 3 && e[0].equals(name)) {
                return parseOr(e[2], 0);
            }
        }
        return null;
    }

    /** The uid of a user name, or null. */
    public static Integer userId(FsView fs, String name) {
        for (String[] e : entries(fs, "/etc/passwd")) {
            if (e.length >= 3 && e[0].equals(name)) {
                return parseOr(e[2], 0);
            }
        }
        return null;
    }

    /** Supplementary groups listing the user in /etc/group. */
    public static List<int[]> groupsOf(FsView fs, String user) {
        List<int[]> out = new ArrayList<>();
        if (user == null) {
            return out;
        }
        for (String[] e : entries(fs, "/etc/group")) {
            if (e.length >= 4) {
                for (String m : e[3].split(",")) {
                    if (m.equals(user)) {
                        out.add(new int[] {parseOr(e[2], 0)});
                    }
                }
            }
        }
        return out;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int parseOr(String s, int def) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
