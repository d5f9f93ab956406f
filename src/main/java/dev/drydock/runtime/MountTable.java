package dev.drydock.runtime;

import java.util.ArrayList;
import java.util.List;

import dev.drydock.fs.FsView;
import dev.drydock.fs.MountFsView;
import dev.drydock.fs.Paths;
import dev.drydock.fs.TmpfsView;

/**
 * The mount table a container process sees ({@code /proc/mounts}, {@code mount}, {@code df}): the kernel
 * filesystems every Docker container gets, then the container's volumes, binds and tmpfs mounts, then the
 * files the daemon bind-mounts into every container ({@code /etc/resolv.conf}, {@code /etc/hostname},
 * {@code /etc/hosts}). Sizes are in KiB; a size of 0 means the entry has no blocks (df skips it).
 */
public final class MountTable {
    /** The simulated host disk (root overlay, volumes and binds live on it), in KiB. */
    static final long DISK_KB = 61255492;
    static final long DISK_USED_KB = 6242680;
    static final long DISK_AVAIL_KB = 51871488;
    /** A tmpfs without size= gets half the (simulated) RAM, as on Linux. */
    static final long HALF_RAM_KB = 8039656 / 2;

    /** One mounted filesystem. */
    public record Entry(String device, String dir, String type, String options, long sizeKb, long usedKb,
                        long availKb) {
        /** The {@code /proc/mounts} line. */
        public String procLine() {
            return device + " " + dir + " " + type + " " + options + " 0 0\n";
        }
    }

    private MountTable() {
    }

    /** The table for a process's filesystem view. */
    public static List<Entry> of(FsView fs) {
        List<Entry> l = new ArrayList<>();
        l.add(disk("overlay", "/", "overlay", "rw,relatime"));
        l.add(none("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"));
        l.add(tmpfs("tmpfs", "/dev", "rw,nosuid,size=65536k,mode=755", 65536, 0));
        l.add(none("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666"));
        l.add(none("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime"));
        l.add(none("mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime"));
        l.add(tmpfs("shm", "/dev/shm", "rw,nosuid,nodev,noexec,relatime,size=65536k", 65536, 0));
        if (fs instanceof MountFsView mfs) {
            for (MountFsView.Mount m : mfs.mountTable()) {
                if (m.view() instanceof TmpfsView t) {
                    long size = t.sizeBytes() > 0 ? t.sizeBytes() / 1024 : HALF_RAM_KB;
                    l.add(tmpfs(m.device(), m.target(), m.options(), size, t.usedBytes() / 1024));
                } else {
                    l.add(disk(m.device(), m.target(), m.fsType(), m.options()));
                }
            }
            for (String f : new String[] {"/etc/resolv.conf", "/etc/hostname", "/etc/hosts"}) {
                l.add(disk("/dev/vda", f, "ext4", "rw,relatime"));
            }
        }
        return l;
    }

    /** The entry whose mount point holds {@code path} (an absolute, resolved path): the deepest one. */
    public static Entry owner(List<Entry> table, String path) {
        Entry best = table.get(0);
        for (Entry e : table) {
            if (Paths.isUnder(path, e.dir()) && e.dir().length() >= best.dir().length()) {
                best = e;
            }
        }
        return best;
    }

    private static Entry disk(String device, String dir, String type, String options) {
        return new Entry(device, dir, type, options, DISK_KB, DISK_USED_KB, DISK_AVAIL_KB);
    }

    private static Entry none(String device, String dir, String type, String options) {
        return new Entry(device, dir, type, options, 0, 0, 0);
    }

    private static Entry tmpfs(String device, String dir, String options, long sizeKb, long usedKb) {
        return new Entry(device, dir, "tmpfs", options, sizeKb, usedKb, Math.max(0, sizeKb - usedKb));
    }
}
