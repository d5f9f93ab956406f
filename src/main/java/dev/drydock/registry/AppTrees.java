package dev.drydock.registry;

import dev.drydock.fs.TreeSpec;

import java.time.Instant;

/** The application layers of catalog images, each added on top of a distribution root. */
final class AppTrees {
    static final String NGINX_ENTRYPOINT = """
            #!/bin/sh
            # vim:sw=4:ts=4:et

            set -e

            if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
                if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
                    echo "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
                    echo "$0: Looking for shell scripts in /docker-entrypoint.d/"
                    echo "$0: Configuration complete; ready for start up"
                fi
            fi

            exec "$@"
            """;

    static final String NGINX_INDEX = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to nginx!</title>
            <style>
            html { color-scheme: light dark; }
            body { width: 35em; margin: 0 auto;
            font-family: Tahoma, Verdana, Arial, sans-serif; }
            </style>
            </head>
            <body>
            <h1>Welcome to nginx!</h1>
            <p>If you see this page, the nginx web server is successfully installed and
            working. Further configuration is required.</p>

            <p>For online documentation and support please refer to
            <a href="http://nginx.org/">nginx.org</a>.<br/>
            Commercial support is available at
            <a href="http://nginx.com/">nginx.com</a>.</p>

            <p><em>Thank you for using nginx.</em></p>
            </body>
            </html>
            """;

    static final String NGINX_DEFAULT_CONF = """
            server {
                listen       80;
                listen  [::]:80;
                server_name  localhost;

                location / {
                    root   /usr/share/nginx/html;
                    index  index.html index.htm;
                }

                error_page   500 502 503 504  /50x.html;
                location = /50x.html {
                    root   /usr/share/nginx/html;
                }
            }
            """;

    static final String NGINX_CONF = """

            user  nginx;
            worker_processes  auto;

            error_log  /var/log/nginx/error.log notice;
            pid        /run/nginx.pid;


            events {
                worker_connections  1024;
            }


            http {
                include       /etc/nginx/mime.types;
                default_type  application/octet-stream;

                log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                                  '$status $body_bytes_sent "$http_referer" '
                                  '"$http_user_agent" "$http_x_forwarded_for"';

                access_log  /var/log/nginx/access.log  main;

                sendfile        on;
                keepalive_timeout  65;

                include /etc/nginx/conf.d/*.conf;
            }
            """;

    static final String DOCKER_ENTRYPOINT_REDIS = """
            #!/bin/sh
            set -e

            # first arg is `-f` or `--some-option`
            # or first arg is `something.conf`
            if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
            	set -- redis-server "$@"
            fi

            exec "$@"
            """;

    static final String DOCKER_ENTRYPOINT_POSTGRES = """
            #!/bin/sh
            set -e

            # if first arg looks like a flag, assume we want to run postgres server
            case "$1" in
            	-*) set -- postgres "$@" ;;
            esac

            exec "$@"
            """;

    static final String DOCKER_ENTRYPOINT_NODE = """
            #!/bin/sh
            set -e

            # Run command with node if the first argument contains a "-" or is not a system command. The last
            # part inside the "{}" is a workaround for the following bug in ash/dash:
            # https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
            if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
              set -- node "$@"
            fi

            exec "$@"
            """;

    static final String HTTPD_FOREGROUND = """
            #!/bin/sh
            set -e

            # Apache gets grumpy about PID files pre-existing
            rm -f /usr/local/apache2/logs/httpd.pid

            exec httpd -DFOREGROUND "$@"
            """;

    static final String TEMURIN_ENTRYPOINT = """
            #!/bin/sh
            # SheBang on a simulated image: imports certificates when USE_SYSTEM_CA_CERTS is set, then runs the command.
            set -e

            if [ -n "$USE_SYSTEM_CA_CERTS" ]; then
                echo "Importing system CA certificates is simulated"
            fi

            exec "$@"
            """;

    private AppTrees() {
    }

    /** nginx on Debian or Alpine: the server, its config and the entrypoint scripts. */
    static TreeSpec nginx(Instant t, String passwd, String group, boolean alpine) {
        TreeSpec.Builder b = TreeSpec.builder(t)
                .program("/usr/sbin/nginx", "nginx").program("/usr/sbin/nginx-debug", "nginx")
                .file("/docker-entrypoint.sh", NGINX_ENTRYPOINT, 0775)
                .dir("/docker-entrypoint.d")
                .file("/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh", "#!/bin/sh\nexit 0\n", 0775)
                .file("/docker-entrypoint.d/15-local-resolvers.envsh", "#!/bin/sh\n", 0775)
                .file("/docker-entrypoint.d/20-envsubst-on-templates.sh", "#!/bin/sh\nexit 0\n", 0775)
                .file("/docker-entrypoint.d/30-tune-worker-processes.sh", "#!/bin/sh\nexit 0\n", 0775)
                .file("/etc/nginx/nginx.conf", NGINX_CONF)
                .file("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF)
                .file("/etc/nginx/mime.types", "types {\n    text/html  html htm shtml;\n    text/css  css;\n"
                        + "    application/javascript  js;\n    application/json  json;\n    image/png  png;\n}\n")
                .file("/usr/share/nginx/html/index.html", NGINX_INDEX)
                .file("/usr/share/nginx/html/50x.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n"
                        + "</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n")
                .dir("/var/cache/nginx", 0755, 101, 0)
                .dir("/var/log/nginx")
                .symlink("/var/log/nginx/access.log", "/dev/stdout")
                .symlink("/var/log/nginx/error.log", "/dev/stderr")
                .program("/usr/bin/envsubst", "envsubst");
        String nginxUser = alpine ? "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n"
                : "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n";
        return b.file("/etc/passwd", passwd + nginxUser).file("/etc/group", group + "nginx:x:101:\n").build();
    }

    static TreeSpec httpd(Instant t) {
        return TreeSpec.builder(t)
                .program("/usr/local/apache2/bin/httpd", "httpd").program("/usr/local/apache2/bin/apachectl", "apachectl")
                .program("/usr/local/apache2/bin/ab", "ab")
                .file("/usr/local/bin/httpd-foreground", HTTPD_FOREGROUND, 0755)
                .file("/usr/local/apache2/conf/httpd.conf", "ServerRoot \"/usr/local/apache2\"\nListen 80\n"
                        + "User www-data\nGroup www-data\nDocumentRoot \"/usr/local/apache2/htdocs\"\n"
                        + "ErrorLog /proc/self/fd/2\n")
                .file("/usr/local/apache2/htdocs/index.html", "<html><body><h1>It works!</h1></body></html>\n")
                .dir("/usr/local/apache2/logs").dir("/usr/local/apache2/cgi-bin").dir("/usr/local/apache2/modules")
                .build();
    }

    static TreeSpec redis(Instant t, String passwd, String group, boolean alpine) {
        String shell = alpine ? "/sbin/nologin" : "/usr/sbin/nologin";
        return TreeSpec.builder(t)
                .program("/usr/local/bin/redis-server", "redis-server").program("/usr/local/bin/redis-cli", "redis-cli")
                .symlink("/usr/local/bin/redis-sentinel", "redis-server")
                .symlink("/usr/local/bin/redis-check-aof", "redis-server")
                .symlink("/usr/local/bin/redis-check-rdb", "redis-server")
                .program("/usr/local/bin/redis-benchmark", "redis-benchmark")
                .program("/usr/local/bin/gosu", "gosu")
                .file("/usr/local/bin/docker-entrypoint.sh", DOCKER_ENTRYPOINT_REDIS, 0755)
                .dir("/data", 0755, 999, 999)
                .file("/etc/passwd", passwd + "redis:x:999:999::/home/redis:" + shell + "\n")
                .file("/etc/group", group + "redis:x:999:\n")
                .build();
    }

    static TreeSpec postgres(Instant t, String passwd, String group, String major, boolean alpine) {
        String bin = alpine ? "/usr/local/bin/" : "/usr/lib/postgresql/" + major + "/bin/";
        TreeSpec.Builder b = TreeSpec.builder(t);
        for (String p : new String[] {"postgres", "initdb", "pg_ctl", "psql", "pg_dump", "pg_dumpall", "pg_restore",
            "pg_isready", "createdb", "dropdb", "createuser", "pg_basebackup"}) {
            b.program(bin + p, p);
        }
        if (!alpine) {
            b.symlink("/usr/bin/psql", "../share/postgresql-common/pg_wrapper")
                    .program("/usr/share/postgresql-common/pg_wrapper", "psql");
        }
        return b.program("/usr/local/bin/gosu", "gosu")
                .file("/usr/local/bin/docker-entrypoint.sh", DOCKER_ENTRYPOINT_POSTGRES, 0755)
                .symlink("/docker-entrypoint.sh", "usr/local/bin/docker-entrypoint.sh")
                .file("/usr/local/bin/docker-ensure-initdb.sh", "#!/bin/sh\nexit 0\n", 0755)
                .dir("/docker-entrypoint-initdb.d")
                .dir("/var/lib/postgresql", 0755, 999, 999)
                .dir("/var/lib/postgresql/data", 0777, 999, 999)
                .dir("/var/run/postgresql", 0777, 999, 999)
                .file("/etc/passwd", passwd + "postgres:x:" + (alpine ? "70:70" : "999:999")
                        + "::/var/lib/postgresql:" + (alpine ? "/bin/sh" : "/bin/bash") + "\n")
                .file("/etc/group", group + "postgres:x:" + (alpine ? "70" : "999") + ":\n")
                .build();
    }

    static TreeSpec python(Instant t, String version) {
        String mm = version.substring(0, version.lastIndexOf('.'));
        return TreeSpec.builder(t)
                .program("/usr/local/bin/python" + mm, "python")
                .symlink("/usr/local/bin/python3", "python" + mm)
                .symlink("/usr/local/bin/python", "python3")
                .file("/usr/local/bin/pip", "#!/usr/local/bin/python" + mm + "\nimport pip\n", 0755)
                .file("/usr/local/bin/pip3", "#!/usr/local/bin/python" + mm + "\nimport pip\n", 0755)
                .file("/usr/local/bin/pip" + mm, "#!/usr/local/bin/python" + mm + "\nimport pip\n", 0755)
                .symlink("/usr/local/bin/pydoc", "pydoc3").program("/usr/local/bin/pydoc3", "pydoc")
                .dir("/usr/local/lib/python" + mm + "/site-packages")
                .file("/usr/local/lib/python" + mm + "/os.py", "# simulated standard library\n")
                .build();
    }

    static TreeSpec node(Instant t, String passwd, String group, boolean alpine) {
        String shell = alpine ? "/bin/sh" : "/bin/bash";
        return TreeSpec.builder(t)
                .program("/usr/local/bin/node", "node")
                .file("/usr/local/lib/node_modules/npm/bin/npm-cli.js", "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n", 0755)
                .file("/usr/local/lib/node_modules/npm/bin/npx-cli.js", "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n", 0755)
                .file("/usr/local/lib/node_modules/corepack/dist/corepack.js", "#!/usr/bin/env node\n", 0755)
                .symlink("/usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js")
                .symlink("/usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js")
                .symlink("/usr/local/bin/corepack", "../lib/node_modules/corepack/dist/corepack.js")
                .symlink("/usr/local/bin/nodejs", "node")
                .file("/opt/yarn-v1.22.22/bin/yarn.js", "#!/usr/bin/env node\n", 0755)
                .symlink("/usr/local/bin/yarn", "/opt/yarn-v1.22.22/bin/yarn.js")
                .symlink("/usr/local/bin/yarnpkg", "/opt/yarn-v1.22.22/bin/yarn.js")
                .file("/usr/local/bin/docker-entrypoint.sh", DOCKER_ENTRYPOINT_NODE, 0755)
                .dir("/home/node", 0755, 1000, 1000)
                .file("/etc/passwd", passwd + "node:x:1000:1000::/home/node:" + shell + "\n")
                .file("/etc/group", group + "node:x:1000:\n")
                .build();
    }

    static TreeSpec temurin(Instant t, boolean jdk) {
        TreeSpec.Builder b = TreeSpec.builder(t);
        String[] tools = jdk ? new String[] {"java", "javac", "jar", "jshell", "jlink", "jcmd", "jps", "jstack", "keytool",
            "javadoc", "jdeps"} : new String[] {"java", "keytool", "jfr", "jrunscript"};
        for (String tool : tools) {
            b.program("/opt/java/openjdk/bin/" + tool, tool);
        }
        return b.file("/opt/java/openjdk/release", "JAVA_VERSION=\"" + (jdk ? "" : "") + "21.0.8\"\n")
                .dir("/opt/java/openjdk/lib").dir("/opt/java/openjdk/conf/security")
                .file("/__cacert_entrypoint.sh", TEMURIN_ENTRYPOINT, 0755)
                .build();
    }

    static TreeSpec distrolessJava(Instant t) {
        return TreeSpec.builder(t)
                .program("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "java")
                .program("/usr/lib/jvm/java-17-openjdk-amd64/bin/keytool", "keytool")
                .symlink("/usr/bin/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java")
                .symlink("/etc/alternatives/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java")
                .build();
    }

    static TreeSpec distrolessPython(Instant t) {
        return TreeSpec.builder(t)
                .program("/usr/bin/python3.11", "python")
                .symlink("/usr/bin/python3", "python3.11")
                .file("/usr/lib/python3.11/os.py", "# simulated standard library\n")
                .build();
    }

    /** The busybox that distroless :debug images carry under /busybox, with its applet links. */
    static TreeSpec distrolessDebug(Instant t) {
        TreeSpec.Builder b = TreeSpec.builder(t).program("/busybox/busybox", "busybox");
        for (String applet : BaseTrees.BUSYBOX_APPLETS) {
            b.symlink("/busybox/" + applet, "/busybox/busybox");
        }
        return b.build();
    }

    static TreeSpec ryuk(Instant t) {
        return TreeSpec.builder(t).program("/bin/ryuk", "ryuk")
                .file("/etc/ssl/certs/ca-certificates.crt", "# simulated CA bundle\n").build();
    }

    static TreeSpec helloWorld(Instant t) {
        return TreeSpec.builder(t).program("/hello", "hello").build();
    }
}
