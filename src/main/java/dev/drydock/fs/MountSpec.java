package dev.drydock.fs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One requested mount, parsed and validated as the Linux daemon does, from a {@code Binds} string
 * ({@code vol:/data:ro}) or a {@code Mounts} object; errors are {@link MountSpecException}s with Docker's text.
 *
 * @param type            volume, bind or tmpfs
 * @param source          the volume name ("" for an anonymous volume), the cleaned host path, or "" for tmpfs
 * @param target          the cleaned absolute container path
 * @param readOnly        mounted read-only
 * @param mode            the mode string of a {@code Binds} entry as given ("ro", "z", "ro,nocopy"); "" otherwise
 * @param propagation     bind propagation ({@code rprivate} unless given); "" for volumes and tmpfs
 * @param copyData        whether an empty volume is first filled from the image's content at the target
 * @param driver          the volume driver asked for ("" for the default)
 * @param driverOptions   volume driver options (Mounts' VolumeOptions.DriverConfig.Options), never null
 * @param volumeLabels    labels for a volume created by this mount, never null
 * @param createMountpoint bind source may be missing (created as a directory): always for {@code Binds},
 *                        only with BindOptions.CreateMountpoint for {@code Mounts}
 * @param tmpfsSizeBytes  tmpfs size limit, 0 for none
 * @param tmpfsMode       tmpfs root permission bits, 0 for the default (1777)
 * @param fromBinds       whether it came from a {@code Binds} string (inspect shows the mode as given)
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, String mode, String propagation,
                        boolean copyData, String driver, Map<String, String> driverOptions,
                        Map<String, String> volumeLabels, boolean createMountpoint, long tmpfsSizeBytes,
                        int tmpfsMode, boolean fromBinds) {

    /** Mount types, by Docker's wire name. */
    public enum Type {
        VOLUME("volume"), BIND("bind"), TMPFS("tmpfs");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        /** The name in JSON: {@code volume}, {@code bind}, {@code tmpfs}. */
        public String wire() {
            return wire;
        }
    }

    /** The default bind propagation on Linux. */
    public static final String DEFAULT_PROPAGATION = "rprivate";

    private static final Set<String> RW_MODES = Set.of("rw", "ro");
    private static final Set<String> LABEL_MODES = Set.of("z", "Z");
    private static final Set<String> PROPAGATION_MODES = Set.of("private", "rprivate", "slave", "rslave", "shared",
            "rshared");
    private static final Set<String> COPY_MODES = Set.of("nocopy");
    private static final Set<String> CONSISTENCY_MODES = Set.of("consistent", "cached", "delegated");

    public MountSpec {
        driverOptions = driverOptions == null ? Map.of() : Map.copyOf(driverOptions);
        volumeLabels = volumeLabels == null ? Map.of() : Map.copyOf(volumeLabels);
    }

    /** True for a volume mount that names no volume: the daemon creates one with a generated name. */
    public boolean isAnonymousVolume() {
        return type == Type.VOLUME && source.isEmpty();
    }

    /** The {@code Mounts} object of the API, as given (unset options are null). */
    public record ApiMount(String type, String source, String target, boolean readOnly, VolumeOptions volumeOptions,
                           BindOptions bindOptions, TmpfsOptions tmpfsOptions) {
    }

    /** {@code VolumeOptions} of a {@code Mounts} entry. */
    public record VolumeOptions(boolean noCopy, Map<String, String> labels, String driverName,
                                Map<String, String> driverOptions, String subpath) {
    }

    /** {@code BindOptions} of a {@code Mounts} entry. */
    public record BindOptions(String propagation, boolean createMountpoint) {
    }

    /** {@code TmpfsOptions} of a {@code Mounts} entry; {@code options} are [name] or [name, value] pairs. */
    public record TmpfsOptions(long sizeBytes, int mode, List<List<String>> options) {
    }

    /**
     * Parses one {@code HostConfig.Binds} entry: {@code [SOURCE:]TARGET[:MODE]}. An absolute source is a bind mount,
     * anything else a volume name; a lone target is an anonymous volume. The host path is not checked here.
     *
     * @param volumeDriver {@code HostConfig.VolumeDriver}, used for volume entries ("" for the default)
     */
    public static MountSpec parseBind(String raw, String volumeDriver) {
        String[] arr = raw.split(":", 4);
        if (arr[0].isEmpty()) {
            throw invalidSpec(raw);
        }
        String source = "";
        String target;
        String mode = "";
        switch (arr.length) {
            case 1 -> target = arr[0];
            case 2 -> {
                if (validMode(arr[1])) {
                    // A destination with a mode and no source is not a volume: "/foo:rw".
                    throw invalidSpec(raw);
                }
                source = arr[0];
                target = arr[1];
            }
            case 3 -> {
                source = arr[0];
                target = arr[1];
                mode = arr[2];
            }
            default -> throw invalidSpec(raw);
        }
        if (!validMode(mode)) {
            throw new MountSpecException("invalid mode: " + mode);
        }
        Type type = source.startsWith("/") ? Type.BIND : Type.VOLUME;
        List<String> opts = mode.isEmpty() ? List.of() : List.of(mode.split(","));
        boolean readOnly = opts.contains("ro");
        String propagation = opts.stream().filter(PROPAGATION_MODES::contains).findFirst().orElse(null);
        String prefix = "invalid volume specification: '" + raw + "': ";
        try {
            validateTarget(type.wire(), target);
            if (type == Type.VOLUME && propagation != null) {
                throw mountConfig(type.wire(), "field BindOptions must not be specified");
            }
        } catch (MountSpecException e) {
            throw new MountSpecException(prefix + e.getMessage());
        }
        boolean copy = !opts.contains("nocopy");
        return new MountSpec(type, type == Type.BIND ? Paths.normalize(source) : source, Paths.normalize(target),
                readOnly, mode, type == Type.BIND ? (propagation == null ? DEFAULT_PROPAGATION : propagation) : "",
                type == Type.VOLUME && copy, type == Type.VOLUME && volumeDriver != null ? volumeDriver : "",
                Map.of(), Map.of(), true, 0, 0, true);
    }

    /**
     * Validates and converts one {@code HostConfig.Mounts} entry as the daemon does at create.
     *
     * @param sourceExists whether a host path exists (a bind source must, unless CreateMountpoint is set)
     */
    public static MountSpec parseMount(ApiMount m, Predicate<String> sourceExists) {
        String type = m.type() == null ? "" : m.type();
        String target = m.target() == null ? "" : m.target();
        String source = m.source() == null ? "" : m.source();
        if (target.isEmpty()) {
            throw mountConfig(type, "field Target must not be empty");
        }
        validateTarget(type, target);
        switch (type) {
            case "bind" -> {
                if (source.isEmpty()) {
                    throw mountConfig(type, "field Source must not be empty");
                }
                String propagation = m.bindOptions() == null ? "" : nz(m.bindOptions().propagation());
                if (!propagation.isEmpty() && !PROPAGATION_MODES.contains(propagation)) {
                    throw mountConfig(type, "invalid propagation mode: " + propagation);
                }
                if (m.volumeOptions() != null) {
                    throw mountConfig(type, "field VolumeOptions must not be specified");
                }
                if (m.tmpfsOptions() != null) {
                    throw mountConfig(type, "field TmpfsOptions must not be specified");
                }
                if (!source.startsWith("/")) {
                    throw mountConfig(type, "invalid mount path: '" + source + "' mount path must be absolute");
                }
                boolean create = m.bindOptions() != null && m.bindOptions().createMountpoint();
                if (!create && !sourceExists.test(source)) {
                    throw mountConfig(type, "bind source path does not exist: " + source);
                }
                return new MountSpec(Type.BIND, Paths.normalize(source), Paths.normalize(target), m.readOnly(), "",
                        propagation.isEmpty() ? DEFAULT_PROPAGATION : propagation, false, "", Map.of(), Map.of(),
                        create, 0, 0, false);
            }
            case "volume" -> {
                if (m.bindOptions() != null) {
                    throw mountConfig(type, "field BindOptions must not be specified");
                }
                if (m.tmpfsOptions() != null) {
                    throw mountConfig(type, "field TmpfsOptions must not be specified");
                }
                VolumeOptions vo = m.volumeOptions();
                if (vo != null && vo.subpath() != null && !vo.subpath().isEmpty()) {
                    if (source.isEmpty()) {
                        throw mountConfig(type, "must not set Subpath when using anonymous volumes");
                    }
                    throw mountConfig(type, "volume subpaths are not supported");
                }
                if (m.readOnly() && source.isEmpty()) {
                    throw mountConfig(type, "must not set ReadOnly mode when using anonymous volumes");
                }
                return new MountSpec(Type.VOLUME, source, Paths.normalize(target), m.readOnly(), "", "",
                        vo == null || !vo.noCopy(), vo == null ? "" : nz(vo.driverName()),
                        vo == null ? null : vo.driverOptions(), vo == null ? null : vo.labels(), false, 0, 0, false);
            }
            case "tmpfs" -> {
                if (m.bindOptions() != null) {
                    throw mountConfig(type, "field BindOptions must not be specified");
                }
                if (m.volumeOptions() != null) {
                    throw mountConfig(type, "field VolumeOptions must not be specified");
                }
                if (!source.isEmpty()) {
                    throw mountConfig(type, "field Source must not be specified");
                }
                TmpfsOptions to = m.tmpfsOptions();
                if (to != null && to.options() != null) {
                    for (List<String> opt : to.options()) {
                        if (opt == null || opt.isEmpty() || opt.size() > 2) {
                            throw mountConfig(type, "invalid option array length");
                        }
                        if (!opt.get(0).equals("exec") && !opt.get(0).equals("noexec")) {
                            throw mountConfig(type, "invalid option: " + opt.get(0));
                        }
                    }
                }
                return new MountSpec(Type.TMPFS, "", Paths.normalize(target), m.readOnly(), "", "", false, "",
                        Map.of(), Map.of(), false, to == null ? 0 : to.sizeBytes(), to == null ? 0 : to.mode(),
                        false);
            }
            default -> throw mountConfig(type, "mount type unknown");
        }
    }

    /**
     * Parses one {@code HostConfig.Tmpfs} entry ({@code --tmpfs /run:size=64k,mode=1770}); these are not listed in
     * inspect's {@code Mounts}, as on a real daemon.
     */
    public static MountSpec parseTmpfs(String target, String options) {
        if (Paths.normalize(target).equals("/")) {
            throw new MountSpecException("invalid specification: destination can't be '/'");
        }
        if (!target.startsWith("/")) {
            throw new MountSpecException("invalid mount path: '" + target + "' mount path must be absolute");
        }
        long size = 0;
        int mode = 0;
        boolean readOnly = false;
        for (String o : options == null ? new String[0] : options.split(",")) {
            String opt = o.trim();
            if (opt.equals("ro")) {
                readOnly = true;
            } else if (opt.startsWith("size=")) {
                size = parseSize(opt.substring(5));
            } else if (opt.startsWith("mode=")) {
                try {
                    mode = Integer.parseInt(opt.substring(5), 8);
                } catch (NumberFormatException ignored) {
                    // The kernel would refuse it at start; the daemon accepts it at create.
                }
            }
        }
        return new MountSpec(Type.TMPFS, "", Paths.normalize(target), readOnly, "", "", false, "", Map.of(), Map.of(),
                false, size, mode, false);
    }

    /**
     * Parses one {@code HostConfig.VolumesFrom} entry, {@code CONTAINER[:ro|rw]}.
     *
     * @return the container reference and whether its mounts keep their write access
     */
    public static VolumesFrom parseVolumesFrom(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw new MountSpecException("volumes-from specification cannot be an empty string");
        }
        int colon = spec.indexOf(':');
        String id = colon < 0 ? spec : spec.substring(0, colon);
        String mode = colon < 0 ? "" : spec.substring(colon + 1);
        if (mode.isEmpty()) {
            return new VolumesFrom(id, true);
        }
        if (!validMode(mode)) {
            throw new MountSpecException("invalid mode: " + mode);
        }
        List<String> opts = List.of(mode.split(","));
        // Propagation and copy modes are not allowed here: the mounts keep the source container's.
        if (opts.stream().anyMatch(o -> PROPAGATION_MODES.contains(o) || COPY_MODES.contains(o))) {
            throw new MountSpecException("invalid mode: " + mode);
        }
        return new VolumesFrom(id, !opts.contains("ro"));
    }

    /** A parsed {@code VolumesFrom} entry. */
    public record VolumesFrom(String container, boolean readWrite) {
    }

    /** Docker's mode grammar: comma-separated, at most one of each kind. */
    static boolean validMode(String mode) {
        if (mode.isEmpty()) {
            return true;
        }
        int rw = 0;
        int label = 0;
        int propagation = 0;
        int copy = 0;
        int consistency = 0;
        for (String o : mode.split(",", -1)) {
            if (RW_MODES.contains(o)) {
                rw++;
            } else if (LABEL_MODES.contains(o)) {
                label++;
            } else if (PROPAGATION_MODES.contains(o)) {
                propagation++;
            } else if (COPY_MODES.contains(o)) {
                copy++;
            } else if (CONSISTENCY_MODES.contains(o)) {
                consistency++;
            } else {
                return false;
            }
        }
        return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
    }

    private static void validateTarget(String type, String target) {
        if (Paths.normalize(target.replace('\\', '/')).equals("/") && target.startsWith("/")) {
            throw mountConfig(type, "invalid specification: destination can't be '/'");
        }
        if (!target.startsWith("/")) {
            throw mountConfig(type, "invalid mount path: '" + target + "' mount path must be absolute");
        }
    }

    private static MountSpecException mountConfig(String type, String why) {
        return new MountSpecException("invalid mount config for type \"" + type + "\": " + why);
    }

    private static MountSpecException invalidSpec(String raw) {
        return new MountSpecException("invalid volume specification: '" + raw + "'");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A tmpfs size such as {@code 64k}, {@code 1m}, {@code 2g} or plain bytes; 0 when unreadable. */
    static long parseSize(String s) {
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.isEmpty()) {
            return 0;
        }
        long unit = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Long.parseLong(v) * unit;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
