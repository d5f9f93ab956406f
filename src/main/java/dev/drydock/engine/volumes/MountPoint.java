package dev.drydock.engine.volumes;

import dev.drydock.fs.MountSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One mount of a container, decided at create: what inspect shows, and what start needs to build the view.
 *
 * @param type        volume, bind or tmpfs
 * @param name        the volume's name; "" for binds and tmpfs
 * @param source      what inspect shows as Source: the volume's data path, the cleaned host path, or ""
 * @param destination the cleaned container path
 * @param driver      {@code local} for volumes, "" otherwise
 * @param mode        as inspect shows it: a {@code Binds} mode as given ("z" for a volume given none), "" otherwise
 * @param rw          writable
 * @param propagation {@code rprivate} (or as given) for binds, "" otherwise
 * @param named       the mount named its volume (so {@code docker rm -v} keeps it); false for anonymous volumes
 * @param copyData    an empty volume is filled from the image's content at the destination when started
 * @param createSource a missing bind source is created as a directory at start ({@code -v} does, {@code --mount}
 *                    only with CreateMountpoint)
 * @param tmpfsMode   permission bits of a tmpfs root, 0 for the default
 * @param tmpfsSizeBytes a tmpfs size limit, 0 for none
 * @param listed      shown in inspect's Mounts ({@code HostConfig.Tmpfs} mounts are not, as on a daemon)
 */
public record MountPoint(MountSpec.Type type, String name, String source, String destination, String driver,
                         String mode, boolean rw, String propagation, boolean named, boolean copyData,
                         boolean createSource, int tmpfsMode, long tmpfsSizeBytes, boolean listed) {

    /** The mount as inspect's and the container list's {@code Mounts} show it. */
    public Map<String, Object> toApi() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", type.wire());
        if (!name.isEmpty()) {
            m.put("Name", name);
        }
        m.put("Source", source);
        m.put("Destination", destination);
        if (!driver.isEmpty()) {
            m.put("Driver", driver);
        }
        m.put("Mode", mode);
        m.put("RW", rw);
        m.put("Propagation", propagation);
        return m;
    }

    /** The same mount as another container sees it through {@code VolumesFrom}: never copied into again. */
    MountPoint inherited(boolean readWrite) {
        return new MountPoint(type, name, source, destination, driver, mode, rw && readWrite, propagation, named,
                false, createSource, tmpfsMode, tmpfsSizeBytes, listed);
    }
}
