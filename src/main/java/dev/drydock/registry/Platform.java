package dev.drydock.registry;

import java.util.Locale;
import java.util.Set;

/**
 * An OCI platform ({@code os/arch[/variant]}) as {@code platforms.Parse} reads it.
 *
 * @param os           operating system, e.g. linux
 * @param architecture GOARCH, e.g. amd64
 * @param variant      CPU variant (v7, v8) or null
 */
public record Platform(String os, String architecture, String variant) {
    private static final Set<String> OSES = Set.of("linux", "windows", "darwin", "freebsd", "netbsd", "openbsd",
            "solaris", "illumos", "aix", "android", "ios", "js", "plan9", "wasip1", "dragonfly");
    private static final Set<String> ARCHES = Set.of("amd64", "arm64", "arm", "386", "ppc64le", "ppc64", "s390x",
            "riscv64", "mips64le", "mips64", "mipsle", "mips", "loong64", "wasm");

    /** The platform this JVM's host would pull by default. */
    public static Platform host() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64") ? new Platform("linux", "arm64", null)
                : new Platform("linux", "amd64", null);
    }

    /** Parses {@code linux/amd64}, {@code linux/arm/v7}, {@code arm64}; Docker's 400 text for anything else. */
    public static Platform parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split("/", -1);
        String os;
        String arch;
        String variant = null;
        if (parts.length == 1) {
            if (OSES.contains(parts[0])) {
                os = parts[0];
                arch = host().architecture();
            } else {
                os = "linux";
                arch = normalizeArch(parts[0]);
            }
        } else if (parts.length <= 3) {
            os = parts[0];
            arch = normalizeArch(parts[1]);
            variant = parts.length == 3 ? parts[2] : null;
        } else {
            throw invalid(spec);
        }
        if (!OSES.contains(os) || !ARCHES.contains(arch)) {
            throw invalid(spec);
        }
        if (arch.equals("arm64") && "v8".equals(variant)) {
            variant = null;
        }
        if (arch.equals("arm") && variant == null) {
            variant = "v7";
        }
        return new Platform(os, arch, variant);
    }

    private static String normalizeArch(String a) {
        return switch (a) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "armhf", "armel" -> "arm";
            case "i386" -> "386";
            default -> a;
        };
    }

    private static RegistryException invalid(String spec) {
        return new RegistryException(400, "\"" + spec + "\": unknown operating system or architecture: invalid argument");
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
