package dev.drydock.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference as Docker's reference grammar parses it ({@code [domain[:port]/]path[:tag][@digest]}),
 * normalized: Docker Hub names get {@code docker.io} and {@code library/}.
 *
 * @param domain the registry host (with port), {@code docker.io} for Docker Hub
 * @param path   the repository path ({@code library/busybox}, {@code team/svc})
 * @param tag    the tag, or null
 * @param digest the digest ({@code sha256:...}), or null
 */
public record Reference(String domain, String path, String tag, String digest) {
    public static final String DOCKER_HUB = "docker.io";

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])";
    private static final String DOMAIN = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile(
            "^((?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern NAME = Pattern.compile(
            "^(?:(" + DOMAIN + ")/)?(" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)$");
    private static final Pattern TAG_ONLY = Pattern.compile("^" + TAG + "$");
    private static final Pattern ID = Pattern.compile("^(?:sha256:)?([a-f0-9]{64})$");
    private static final Pattern HEX64 = Pattern.compile("^[a-f0-9]{64}$");
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    /** A reference that does not parse; the message is Docker's. */
    public static final class InvalidReferenceException extends IllegalArgumentException {
        public InvalidReferenceException(String message) {
            super(message);
        }
    }

    /** Parses a familiar or full reference as {@code reference.ParseNormalizedNamed} does. */
    public static Reference parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidReferenceException("invalid reference format");
        }
        if (HEX64.matcher(s).matches()) {
            throw new InvalidReferenceException("invalid repository name (" + s
                    + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDomain(s);
        String domain = split[0];
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remote = tagSep > -1 ? remainder.substring(0, tagSep) : remainder;
        if (!remote.toLowerCase(java.util.Locale.ROOT).equals(remote)) {
            throw new InvalidReferenceException("invalid reference format: repository name (" + remote
                    + ") must be lowercase");
        }
        String full = domain + "/" + remainder;
        Matcher m = REFERENCE.matcher(full);
        if (!m.matches()) {
            throw new InvalidReferenceException("invalid reference format");
        }
        String name = m.group(1);
        if (name.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException("invalid reference format: repository name must not be more than "
                    + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        String digest = m.group(3);
        if (digest != null) {
            checkDigest(digest);
        }
        Matcher n = NAME.matcher(name);
        if (!n.matches()) {
            throw new InvalidReferenceException("invalid reference format");
        }
        return new Reference(n.group(1), n.group(2), m.group(2), digest);
    }

    /** Checks a digest string as {@code digest.Parse} does. */
    public static void checkDigest(String digest) {
        int colon = digest.indexOf(':');
        if (colon < 1) {
            throw new InvalidReferenceException("invalid checksum digest format");
        }
        String algo = digest.substring(0, colon);
        String hex = digest.substring(colon + 1);
        if (algo.equals("sha256") && hex.length() != 64 || algo.equals("sha512") && hex.length() != 128) {
            throw new InvalidReferenceException("invalid checksum digest length");
        }
        if (!algo.equals("sha256") && !algo.equals("sha384") && !algo.equals("sha512")) {
            throw new InvalidReferenceException("unsupported digest algorithm");
        }
        if (!hex.matches("[a-f0-9]+")) {
            throw new InvalidReferenceException("invalid checksum digest format");
        }
    }

    /** True when a tag parses as a tag. */
    public static boolean isValidTag(String tag) {
        return TAG_ONLY.matcher(tag).matches();
    }

    /** The hex image ID in {@code sha256:<64hex>} or {@code <64hex>}, or null when it is not a full ID. */
    public static String fullId(String s) {
        Matcher m = ID.matcher(s);
        return m.matches() ? m.group(1) : null;
    }

    private static String[] splitDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DOCKER_HUB, "library/" + name};
        }
        String maybeDomain = name.substring(0, slash);
        String rest = name.substring(slash + 1);
        String domain;
        String remote;
        if (maybeDomain.equals("localhost") || maybeDomain.contains(".") || maybeDomain.contains(":")
                || !maybeDomain.toLowerCase(java.util.Locale.ROOT).equals(maybeDomain)) {
            domain = maybeDomain.equals("index.docker.io") ? DOCKER_HUB : maybeDomain;
            remote = rest;
        } else {
            domain = DOCKER_HUB;
            remote = name;
        }
        if (domain.equals(DOCKER_HUB) && !remote.contains("/")) {
            remote = "library/" + remote;
        }
        return new String[] {domain, remote};
    }

    /** The repository name with its domain: {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** The repository name as users write it: {@code busybox}, {@code team/svc}, {@code localhost:5000/x}. */
    public String familiarName() {
        if (domain.equals(DOCKER_HUB)) {
            if (path.startsWith("library/") && path.indexOf('/', 8) < 0) {
                return path.substring(8);
            }
            return path;
        }
        return domain + "/" + path;
    }

    /** The familiar form with tag and digest: {@code busybox:latest}. */
    public String familiarString() {
        return familiarName() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** This reference with tag {@code latest} when it has neither tag nor digest. */
    public Reference withDefaultTag() {
        return tag == null && digest == null ? new Reference(domain, path, "latest", null) : this;
    }

    public Reference withTag(String newTag) {
        return new Reference(domain, path, newTag, null);
    }

    public Reference withDigest(String newDigest) {
        return new Reference(domain, path, null, newDigest);
    }

    /** Just the repository, without tag or digest. */
    public Reference repository() {
        return new Reference(domain, path, null, null);
    }

    /** The repository path as Docker Hub's pull progress names it: {@code library/busybox}. */
    public String remotePath() {
        return path;
    }

    @Override
    public String toString() {
        return familiarString();
    }
}
