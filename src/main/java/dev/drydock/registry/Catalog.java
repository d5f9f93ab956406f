package dev.drydock.registry;

import dev.drydock.fs.TreeSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The well-known images every Drydock knows, with their real configurations and small plausible trees.
 * Immutable and shared by every engine in the JVM; layers are materialized per engine from its tree specs.
 */
public final class Catalog {
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** One repository: its search metadata and its tags. */
    public record Repository(String name, String description, int stars, boolean official,
                             Map<String, ImageRecipe> tags) {
    }

    private final Map<String, Repository> repositories;
    /** DiffIDs and sizes of catalog layer specs: a pure function of immutable specs, so shared by engines. */
    private final Map<TreeSpec, String[]> specDigests = new java.util.concurrent.ConcurrentHashMap<>();

    private Catalog(Map<String, Repository> repositories) {
        this.repositories = Collections.unmodifiableMap(repositories);
    }

    /** The standard catalog (built once per JVM: it is immutable data). */
    public static Catalog standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final Catalog STANDARD = build();
    }

    /** The repository by its full name ({@code docker.io/library/busybox}). */
    public Optional<Repository> repository(Reference ref) {
        return Optional.ofNullable(repositories.get(ref.name()));
    }

    /** The recipe of a tagged reference, if the catalog has that tag. */
    public Optional<ImageRecipe> find(Reference ref) {
        return repository(ref).map(r -> r.tags().get(ref.tag() == null ? "latest" : ref.tag()));
    }

    /** The cache of layer DiffIDs for this catalog's tree specs (see {@link dev.drydock.fs.LayerStore}). */
    public Map<TreeSpec, String[]> specDigests() {
        return specDigests;
    }

    /** Every repository, in catalog order. */
    public List<Repository> repositories() {
        return List.copyOf(repositories.values());
    }

    // ---- the table -----------------------------------------------------------------------------------------

    private static Catalog build() {
        Map<String, Repository> repos = new LinkedHashMap<>();
        Instant t = Instant.parse("2025-09-01T00:00:00Z");

        // Distribution roots, shared as the first layer of every image built on them.
        TreeSpec busybox = BaseTrees.busybox(Instant.parse("2024-09-26T21:31:42Z"));
        TreeSpec alpine = BaseTrees.alpine(Instant.parse("2025-07-15T11:06:40Z"), "3.22.1");
        TreeSpec alpine321 = BaseTrees.alpine(Instant.parse("2025-07-15T10:58:12Z"), "3.21.4");
        TreeSpec alpine320 = BaseTrees.alpine(Instant.parse("2025-07-15T10:49:02Z"), "3.20.7");
        TreeSpec trixie = BaseTrees.debianLike(Instant.parse("2025-08-25T00:00:00Z"),
                BaseTrees.debianOsRelease("13", "trixie"), "13.0", false);
        TreeSpec bookworm = BaseTrees.debianLike(Instant.parse("2025-08-11T00:00:00Z"),
                BaseTrees.debianOsRelease("12", "bookworm"), "12.11", false);
        TreeSpec noble = BaseTrees.debianLike(Instant.parse("2025-08-05T16:43:25Z"),
                BaseTrees.ubuntuOsRelease("24.04", "24.04.3", "noble", "Noble Numbat"), "trixie/sid", true);
        TreeSpec jammy = BaseTrees.debianLike(Instant.parse("2025-08-05T16:41:33Z"),
                BaseTrees.ubuntuOsRelease("22.04", "22.04.5", "jammy", "Jammy Jellyfish"), "bookworm/sid", true);
        TreeSpec distrolessStatic = BaseTrees.distroless(Instant.parse("1970-01-01T00:00:00Z"), false);
        TreeSpec distrolessBase = BaseTrees.distroless(Instant.parse("1970-01-01T00:00:00Z"), true);

        ImageRecipe busyboxImg = recipe(busybox, "BusyBox 1.37.0 (glibc), Debian 12", "2024-09-26T21:31:42Z",
                ImageRecipe.newConfig().env(PATH).cmd("sh"));
        repo(repos, "busybox", "Busybox base image.", 3400, busyboxImg,
                "latest", "1.37", "1.37.0", "1.37-glibc", "glibc", "stable", "1.36", "1.36.1", "musl", "uclibc");

        ImageRecipe alpineImg = recipe(alpine, "alpine-minirootfs-3.22.1-x86_64.tar.gz", "2025-07-15T11:06:40Z",
                ImageRecipe.newConfig().env(PATH).cmd("/bin/sh"));
        repo(repos, "alpine", "A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!",
                11500, alpineImg, "latest", "3", "3.22", "3.22.1");
        addTags(repos, "alpine", recipe(alpine321, "alpine-minirootfs-3.21.4-x86_64.tar.gz", "2025-07-15T10:58:12Z",
                ImageRecipe.newConfig().env(PATH).cmd("/bin/sh")), "3.21", "3.21.4");
        addTags(repos, "alpine", recipe(alpine320, "alpine-minirootfs-3.20.7-x86_64.tar.gz", "2025-07-15T10:49:02Z",
                ImageRecipe.newConfig().env(PATH).cmd("/bin/sh")), "3.20", "3.20.7");

        ImageRecipe ubuntuImg = recipe(noble, "ubuntu-noble-oci-amd64-root.tar.gz", "2025-08-05T16:43:25Z",
                ImageRecipe.newConfig().env(PATH).cmd("/bin/bash")
                        .label("org.opencontainers.image.ref.name", "ubuntu")
                        .label("org.opencontainers.image.version", "24.04"));
        repo(repos, "ubuntu", "Ubuntu is a Debian-based Linux operating system based on free software.", 17800,
                ubuntuImg, "latest", "24.04", "noble", "rolling");
        addTags(repos, "ubuntu", recipe(jammy, "ubuntu-jammy-oci-amd64-root.tar.gz", "2025-08-05T16:41:33Z",
                ImageRecipe.newConfig().env(PATH).cmd("/bin/bash")
                        .label("org.opencontainers.image.ref.name", "ubuntu")
                        .label("org.opencontainers.image.version", "22.04")), "22.04", "jammy");

        ImageRecipe trixieImg = recipe(trixie, "debian.sh --arch 'amd64' out/ 'trixie' '@1756080000'",
                "2025-08-25T00:00:00Z", ImageRecipe.newConfig().env(PATH).cmd("bash"));
        repo(repos, "debian", "Debian is a Linux distribution that's composed entirely of free and open-source software.",
                5300, trixieImg, "latest", "13", "trixie", "13-slim", "trixie-slim", "stable", "stable-slim");
        ImageRecipe bookwormImg = recipe(bookworm, "debian.sh --arch 'amd64' out/ 'bookworm' '@1754870400'",
                "2025-08-11T00:00:00Z", ImageRecipe.newConfig().env(PATH).cmd("bash"));
        addTags(repos, "debian", bookwormImg, "12", "bookworm", "12-slim", "bookworm-slim");

        // nginx 1.29 (mainline) on trixie and on alpine.
        ImageRecipe.Config nginxCfg = ImageRecipe.newConfig()
                .label("maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>")
                .env(PATH, "NGINX_VERSION=1.29.1", "NJS_VERSION=0.9.1", "NJS_RELEASE=1~trixie", "PKG_RELEASE=1~trixie",
                        "DYNPKG_RELEASE=1~trixie")
                .entrypoint("/docker-entrypoint.sh").expose("80").stopSignal("SIGQUIT").cmd("nginx", "-g", "daemon off;");
        repo(repos, "nginx", "Official build of Nginx.", 20900, app(trixieImg, "2025-08-13T17:45:25Z",
                        AppTrees.nginx(t, BaseTrees.DEBIAN_PASSWD, BaseTrees.DEBIAN_GROUP, false),
                        "RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && apt-get install nginx # buildkit",
                        nginxCfg),
                "latest", "1.29", "1.29.1", "mainline", "stable", "1.28", "1.28.0", "perl");
        ImageRecipe.Config nginxAlpineCfg = ImageRecipe.newConfig()
                .label("maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>")
                .env(PATH, "NGINX_VERSION=1.29.1", "PKG_RELEASE=1", "DYNPKG_RELEASE=1", "NJS_VERSION=0.9.1",
                        "NJS_RELEASE=1")
                .entrypoint("/docker-entrypoint.sh").expose("80").stopSignal("SIGQUIT").cmd("nginx", "-g", "daemon off;");
        addTags(repos, "nginx", app(alpineImg, "2025-08-13T17:48:10Z",
                        AppTrees.nginx(t, BaseTrees.ALPINE_PASSWD, BaseTrees.ALPINE_GROUP, true),
                        "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && apk add nginx # buildkit", nginxAlpineCfg),
                "alpine", "1.29-alpine", "1.29.1-alpine", "mainline-alpine", "stable-alpine", "alpine-slim",
                "1.28-alpine");

        repo(repos, "httpd", "The Apache HTTP Server Project", 4800, app(trixieImg, "2025-07-29T19:37:11Z",
                        AppTrees.httpd(t), "RUN /bin/sh -c set -eux; ./configure && make install # buildkit",
                        ImageRecipe.newConfig()
                                .env("PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                        "HTTPD_PREFIX=/usr/local/apache2", "HTTPD_VERSION=2.4.65",
                                        "HTTPD_SHA256=58b8be97d9940ec17f7656c0c6b9f41b618aac468b894b534148e3296c53b8b3",
                                        "HTTPD_PATCHES=")
                                .workdir("/usr/local/apache2").stopSignal("SIGWINCH").expose("80")
                                .cmd("httpd-foreground")),
                "latest", "2", "2.4", "2.4.65");

        repo(repos, "hello-world", "Hello World! (an example of minimal Dockerization)", 2400,
                new ImageRecipe(List.of(new ImageRecipe.Step(AppTrees.helloWorld(Instant.parse("2025-08-08T19:05:17Z")),
                        "COPY hello / # buildkit")),
                        ImageRecipe.newConfig().env(PATH).cmd("/hello").build(), Instant.parse("2025-08-08T19:05:17Z"), "linux"),
                "latest", "linux");

        ImageRecipe.Config redisCfg = ImageRecipe.newConfig()
                .env(PATH, "REDIS_DOWNLOAD_URL=https://github.com/redis/redis/archive/refs/tags/8.2.1.tar.gz",
                        "REDIS_DOWNLOAD_SHA=2b94ad1a5e6a0b4ad6f4ba4b3b2d7b2fd3f6e7a4d8b9ce5cdda0b1d9c7f6a2e1")
                .entrypoint("docker-entrypoint.sh").expose("6379").volume("/data").workdir("/data").cmd("redis-server");
        repo(repos, "redis", "Redis is the world’s fastest data platform for caching, vector search, and NoSQL databases.",
                13200, app(bookwormImg, "2025-08-18T20:20:52Z",
                        AppTrees.redis(t, BaseTrees.DEBIAN_PASSWD, BaseTrees.DEBIAN_GROUP, false),
                        "RUN /bin/sh -c set -eux; groupadd -r -g 999 redis; make install # buildkit", redisCfg),
                "latest", "8", "8.2", "8.2.1", "bookworm", "7", "7.4", "7.4.5", "7.2", "6", "6.2");
        addTags(repos, "redis", app(alpineImg, "2025-08-18T20:21:30Z",
                        AppTrees.redis(t, BaseTrees.ALPINE_PASSWD, BaseTrees.ALPINE_GROUP, true),
                        "RUN /bin/sh -c set -eux; addgroup -S -g 1000 redis; make install # buildkit", redisCfg),
                "alpine", "8-alpine", "8.2-alpine", "7-alpine", "7.4-alpine", "7.2-alpine", "6-alpine", "6.2-alpine");

        for (String major : List.of("17", "16", "15")) {
            String version = major.equals("17") ? "17.6" : major.equals("16") ? "16.10" : "15.14";
            ImageRecipe.Config pgCfg = ImageRecipe.newConfig()
                    .env("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/" + major + "/bin",
                            "GOSU_VERSION=1.17", "LANG=en_US.utf8", "PG_MAJOR=" + major,
                            "PG_VERSION=" + version + "-1.pgdg12+1", "PGDATA=/var/lib/postgresql/data")
                    .entrypoint("docker-entrypoint.sh").expose("5432").volume("/var/lib/postgresql/data")
                    .stopSignal("SIGINT").cmd("postgres");
            List<String> tags = new ArrayList<>(List.of(major, version, major + "-bookworm"));
            if (major.equals("17")) {
                tags.add(0, "latest");
            }
            ImageRecipe pg = app(bookwormImg, "2025-08-14T19:10:0" + major.charAt(1) + "Z",
                    AppTrees.postgres(t, BaseTrees.DEBIAN_PASSWD, BaseTrees.DEBIAN_GROUP, major, false),
                    "RUN /bin/sh -c set -ex; apt-get install -y postgresql-" + major + " # buildkit", pgCfg);
            if (repos.containsKey("docker.io/library/postgres")) {
                addTags(repos, "postgres", pg, tags.toArray(String[]::new));
            } else {
                repo(repos, "postgres", "The PostgreSQL object-relational database system provides reliability and data integrity.",
                        14500, pg, tags.toArray(String[]::new));
            }
            ImageRecipe.Config pgAlpineCfg = ImageRecipe.newConfig()
                    .env(PATH, "GOSU_VERSION=1.17", "LANG=en_US.utf8", "PG_MAJOR=" + major, "PG_VERSION=" + version,
                            "PGDATA=/var/lib/postgresql/data")
                    .entrypoint("docker-entrypoint.sh").expose("5432").volume("/var/lib/postgresql/data")
                    .stopSignal("SIGINT").cmd("postgres");
            List<String> alpineTags = new ArrayList<>(List.of(major + "-alpine", version + "-alpine"));
            if (major.equals("17")) {
                alpineTags.add("alpine");
            }
            addTags(repos, "postgres", app(alpineImg, "2025-08-14T19:30:0" + major.charAt(1) + "Z",
                    AppTrees.postgres(t, BaseTrees.ALPINE_PASSWD, BaseTrees.ALPINE_GROUP, major, true),
                    "RUN /bin/sh -c set -eux; apk add postgresql" + major + " # buildkit", pgAlpineCfg),
                    alpineTags.toArray(String[]::new));
        }

        for (String version : List.of("3.13.7", "3.12.11", "3.11.13")) {
            String mm = version.substring(0, version.lastIndexOf('.'));
            ImageRecipe.Config pyCfg = ImageRecipe.newConfig()
                    .env("PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                            "LANG=C.UTF-8", "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305", "PYTHON_VERSION=" + version,
                            "PYTHON_SHA256=5462f9099dfd30e238def83c71d91897d8caa5ff6ebc7a50f14d4802cdaaa79a")
                    .cmd("python3");
            TreeSpec py = AppTrees.python(t, version);
            boolean latest = mm.equals("3.13");
            List<String> tags = new ArrayList<>(List.of(mm, version, mm + "-bookworm", mm + "-slim", mm + "-slim-bookworm"));
            if (latest) {
                tags.addAll(0, List.of("latest", "3", "slim", "bookworm", "slim-bookworm"));
            }
            ImageRecipe img = app(bookwormImg, "2025-08-15T0" + mm.charAt(3) + ":00:00Z", py,
                    "RUN /bin/sh -c set -eux; ./configure --enable-optimizations; make install # buildkit", pyCfg);
            List<String> alpineTags = new ArrayList<>(List.of(mm + "-alpine", version + "-alpine"));
            if (latest) {
                alpineTags.addAll(List.of("alpine", "3-alpine"));
            }
            ImageRecipe alp = app(alpineImg, "2025-08-15T1" + mm.charAt(3) + ":00:00Z", py,
                    "RUN /bin/sh -c set -eux; ./configure --enable-optimizations; make install # buildkit", pyCfg);
            if (latest) {
                repo(repos, "python", "Python is an interpreted, interactive, object-oriented, open-source programming language.",
                        10100, img, tags.toArray(String[]::new));
            } else {
                addTags(repos, "python", img, tags.toArray(String[]::new));
            }
            addTags(repos, "python", alp, alpineTags.toArray(String[]::new));
        }

        for (String version : List.of("22.19.0", "20.19.5", "24.7.0")) {
            String major = version.substring(0, version.indexOf('.'));
            ImageRecipe.Config nodeCfg = ImageRecipe.newConfig()
                    .env(PATH, "NODE_VERSION=" + version, "YARN_VERSION=1.22.22")
                    .entrypoint("docker-entrypoint.sh").cmd("node");
            List<String> tags = new ArrayList<>(List.of(major, version, major + "-bookworm", major + "-slim",
                    major + "-bookworm-slim"));
            if (major.equals("22")) {
                tags.addAll(0, List.of("lts", "lts-slim", "jod"));
            }
            if (major.equals("24")) {
                tags.addAll(0, List.of("latest", "current", "slim", "bookworm"));
            }
            ImageRecipe img = app(bookwormImg, "2025-09-0" + (1 + Integer.parseInt(major) % 9) + "T10:00:00Z",
                    AppTrees.node(t, BaseTrees.DEBIAN_PASSWD, BaseTrees.DEBIAN_GROUP, false),
                    "RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node node # buildkit", nodeCfg);
            ImageRecipe alp = app(alpineImg, "2025-09-0" + (1 + Integer.parseInt(major) % 9) + "T11:00:00Z",
                    AppTrees.node(t, BaseTrees.ALPINE_PASSWD, BaseTrees.ALPINE_GROUP, true),
                    "RUN /bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node # buildkit",
                    nodeCfg);
            List<String> alpineTags = new ArrayList<>(List.of(major + "-alpine", version + "-alpine"));
            if (major.equals("24")) {
                alpineTags.add("alpine");
            }
            if (major.equals("22")) {
                alpineTags.add("lts-alpine");
                repo(repos, "node", "Node.js is a JavaScript-based platform for server-side and networking applications.",
                        13900, img, tags.toArray(String[]::new));
            } else {
                addTags(repos, "node", img, tags.toArray(String[]::new));
            }
            addTags(repos, "node", alp, alpineTags.toArray(String[]::new));
        }

        for (String major : List.of("21", "17", "11")) {
            String jv = major.equals("21") ? "jdk-21.0.8+9" : major.equals("17") ? "jdk-17.0.16+8" : "jdk-11.0.28+6";
            for (boolean jdk : List.of(true, false)) {
                ImageRecipe.Config cfg = ImageRecipe.newConfig()
                        .env("PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                "JAVA_HOME=/opt/java/openjdk", "LANG=en_US.UTF-8", "LANGUAGE=en_US:en",
                                "LC_ALL=en_US.UTF-8", "JAVA_VERSION=" + jv)
                        .entrypoint("/__cacert_entrypoint.sh")
                        .label("org.opencontainers.image.ref.name", "ubuntu")
                        .label("org.opencontainers.image.version", "24.04");
                if (jdk) {
                    cfg.cmd("jshell");
                }
                ImageRecipe img = app(ubuntuImg, "2025-08-20T1" + major.charAt(1) + ":00:0" + (jdk ? 0 : 1) + "Z",
                        AppTrees.temurin(t, jdk), "RUN /bin/sh -c set -eux; curl -LfsSo /tmp/openjdk.tar.gz ${BINARY_URL} # buildkit",
                        cfg);
                List<String> tags = new ArrayList<>();
                String kind = jdk ? "jdk" : "jre";
                if (jdk) {
                    tags.addAll(List.of(major, major + "-noble", major + "-jdk-noble"));
                    if (major.equals("21")) {
                        tags.add(0, "latest");
                    }
                }
                tags.addAll(List.of(major + "-" + kind, major + "-" + kind + "-noble"));
                if (repos.containsKey("docker.io/library/eclipse-temurin")) {
                    addTags(repos, "eclipse-temurin", img, tags.toArray(String[]::new));
                } else {
                    repo(repos, "eclipse-temurin", "Official Images for OpenJDK binaries built by Eclipse Temurin.",
                            1800, img, tags.toArray(String[]::new));
                }
                ImageRecipe.Config alpineCfg = ImageRecipe.newConfig()
                        .env("PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                "JAVA_HOME=/opt/java/openjdk", "LANG=en_US.UTF-8", "LANGUAGE=en_US:en",
                                "LC_ALL=en_US.UTF-8", "JAVA_VERSION=" + jv)
                        .entrypoint("/__cacert_entrypoint.sh");
                if (jdk) {
                    alpineCfg.cmd("jshell");
                }
                addTags(repos, "eclipse-temurin", app(alpineImg, "2025-08-21T1" + major.charAt(1) + ":00:0" + (jdk ? 0 : 1) + "Z",
                        AppTrees.temurin(t, jdk), "RUN /bin/sh -c set -eux; apk add --no-cache fontconfig # buildkit",
                        alpineCfg), jdk ? new String[] {major + "-alpine", major + "-jdk-alpine"}
                        : new String[] {major + "-jre-alpine"});
            }
        }

        distroless(repos, distrolessStatic, null, "gcr.io/distroless/static", "gcr.io/distroless/static-debian12",
                ImageRecipe.newConfig().env(PATH, "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"));
        distroless(repos, distrolessBase, null, "gcr.io/distroless/base", "gcr.io/distroless/base-debian12",
                ImageRecipe.newConfig().env(PATH, "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"));
        distroless(repos, distrolessBase, AppTrees.distrolessJava(Instant.parse("1970-01-01T00:00:00Z")),
                "gcr.io/distroless/java17", "gcr.io/distroless/java17-debian12",
                ImageRecipe.newConfig().env(PATH, "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
                        "JAVA_VERSION=17.0.16", "LANG=C.UTF-8").entrypoint("/usr/bin/java", "-jar"));
        distroless(repos, distrolessBase, AppTrees.distrolessPython(Instant.parse("1970-01-01T00:00:00Z")),
                "gcr.io/distroless/python3", "gcr.io/distroless/python3-debian12",
                ImageRecipe.newConfig().env(PATH, "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", "LANG=C.UTF-8")
                        .entrypoint("/usr/bin/python3.11"));

        TreeSpec ryuk = AppTrees.ryuk(Instant.parse("2025-06-10T12:00:00Z"));
        for (String v : List.of("0.14.0", "0.13.0", "0.12.0", "0.11.0")) {
            ImageRecipe img = new ImageRecipe(List.of(new ImageRecipe.Step(ryuk, "COPY /bin/ryuk /bin/ryuk # buildkit")),
                    ImageRecipe.newConfig().env(PATH).expose("8080").cmd("/bin/ryuk")
                            .label("org.testcontainers.ryuk", "true")
                            .label("org.opencontainers.image.version", v).build(),
                    Instant.parse("2025-06-10T12:00:00Z").plusSeconds(v.hashCode() & 0xffff), "linux");
            List<String> tags = new ArrayList<>(List.of(v));
            if (v.equals("0.14.0")) {
                tags.add(0, "latest");
            }
            if (repos.containsKey("docker.io/testcontainers/ryuk")) {
                addTags(repos, "testcontainers/ryuk", img, tags.toArray(String[]::new));
            } else {
                repos.put("docker.io/testcontainers/ryuk", new Repository("testcontainers/ryuk",
                        "Resource reaper used by Testcontainers to clean up containers after tests.", 20, false,
                        new LinkedHashMap<>()));
                addTags(repos, "testcontainers/ryuk", img, tags.toArray(String[]::new));
            }
        }
        Map<String, Repository> frozen = new LinkedHashMap<>();
        repos.forEach((k, v) -> frozen.put(k, new Repository(v.name(), v.description(), v.stars(), v.official(),
                Collections.unmodifiableMap(v.tags()))));
        return new Catalog(frozen);
    }

    private static void distroless(Map<String, Repository> repos, TreeSpec base, TreeSpec app, String name,
                                   String alias, ImageRecipe.Config cfg) {
        Instant epoch = Instant.parse("1970-01-01T00:00:00Z");
        List<ImageRecipe.Step> steps = new ArrayList<>();
        steps.add(new ImageRecipe.Step(base, "bazel build " + alias.substring(alias.lastIndexOf('/') + 1)));
        if (app != null) {
            steps.add(new ImageRecipe.Step(app, "bazel build " + alias.substring(alias.lastIndexOf('/') + 1)));
        }
        Map<String, Object> root = cfg.user("0").workdir("/").build();
        Map<String, Object> nonroot = new LinkedHashMap<>(root);
        nonroot.put("User", "65532");
        nonroot.put("WorkingDir", "/home/nonroot");
        List<ImageRecipe.Step> debugSteps = new ArrayList<>(steps);
        debugSteps.add(new ImageRecipe.Step(AppTrees.distrolessDebug(epoch), "bazel build busybox"));
        Map<String, Object> debug = new LinkedHashMap<>(root);
        Map<String, Object> debugNonroot = new LinkedHashMap<>(nonroot);
        if (!root.containsKey("Entrypoint")) {
            debug.put("Entrypoint", List.of("/busybox/sh"));
            debugNonroot.put("Entrypoint", List.of("/busybox/sh"));
        }
        List<String> debugEnv = new ArrayList<>();
        for (Object e : (List<?>) root.get("Env")) {
            String s = e.toString();
            debugEnv.add(s.startsWith("PATH=") ? s + ":/busybox" : s);
        }
        debug.put("Env", debugEnv);
        debugNonroot.put("Env", debugEnv);
        for (String repo : List.of(name, alias)) {
            Map<String, ImageRecipe> tags = new LinkedHashMap<>();
            tags.put("latest", new ImageRecipe(steps, root, epoch, "linux"));
            tags.put("nonroot", new ImageRecipe(steps, nonroot, epoch, "linux"));
            tags.put("debug", new ImageRecipe(debugSteps, debug, epoch, "linux"));
            tags.put("debug-nonroot", new ImageRecipe(debugSteps, debugNonroot, epoch, "linux"));
            repos.put(repo, new Repository(repo, "Distroless image: only your application and its runtime dependencies.",
                    0, false, tags));
        }
    }

    private static ImageRecipe recipe(TreeSpec root, String addedFile, String created, ImageRecipe.Config cfg) {
        return new ImageRecipe(List.of(new ImageRecipe.Step(root, "ADD " + addedFile + " / # buildkit")),
                cfg.build(), Instant.parse(created), "linux");
    }

    private static ImageRecipe app(ImageRecipe base, String created, TreeSpec layer, String createdBy,
                                   ImageRecipe.Config cfg) {
        List<ImageRecipe.Step> steps = new ArrayList<>(base.layers());
        steps.add(new ImageRecipe.Step(layer, createdBy));
        return new ImageRecipe(steps, cfg.build(), Instant.parse(created), "linux");
    }

    private static void repo(Map<String, Repository> repos, String name, String description, int stars,
                             ImageRecipe recipe, String... tags) {
        repos.put("docker.io/library/" + name, new Repository(name, description, stars, true, new LinkedHashMap<>()));
        addTags(repos, name, recipe, tags);
    }

    private static void addTags(Map<String, Repository> repos, String name, ImageRecipe recipe, String... tags) {
        String key = "docker.io/" + (name.contains("/") ? name : "library/" + name);
        Repository r = repos.get(key);
        for (String tag : tags) {
            r.tags().putIfAbsent(tag, recipe);
        }
    }
}
