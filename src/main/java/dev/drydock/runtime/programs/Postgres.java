package dev.drydock.runtime.programs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.Signals;
import dev.drydock.runtime.net.NetStack;

/**
 * A postgres-like server: on a fresh $PGDATA it logs the official image's init sequence, including the first
 * "database system is ready to accept connections" from the temporary server, then the final server's line
 * (the line Testcontainers waits for twice); listens on 5432 and speaks just enough of the wire protocol
 * ({@link PgWire}) for a driver to connect and run {@code SELECT 1}.
 */
final class Postgres {
    private static final DateTimeFormatter LOG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'",
        Locale.ROOT).withZone(ZoneOffset.UTC);

    private Postgres() {
    }

    static CompletableFuture<Integer> start(ProgramContext ctx) throws IOException {
        if (ctx.args().contains("--version") || ctx.args().contains("-V")) {
            ctx.out("postgres (PostgreSQL) " + PgWire.serverVersion(ctx.getenv("PG_VERSION")) + "\n");
            return CompletableFuture.completedFuture(0);
        }
        String started = "starting " + PgWire.versionString(PgWire.serverVersion(ctx.getenv("PG_VERSION")));
        String pgdata = ctx.getenv("PGDATA") != null ? ctx.getenv("PGDATA") : "/var/lib/postgresql/data";
        int pid = ctx.pid();
        boolean fresh = !ctx.fs().exists(pgdata + "/PG_VERSION");
        StringBuilder out = new StringBuilder();
        String t = LOG.format(ctx.clock().now());
        if (fresh) {
            if (ctx.getenv("POSTGRES_PASSWORD") == null && !"trust".equals(ctx.getenv("POSTGRES_HOST_AUTH_METHOD"))) {
                ctx.err("Error: Database is uninitialized and superuser password is not specified.\n"
                    + "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n"
                    + "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n");
                return CompletableFuture.completedFuture(1);
            }
            try {
                ctx.fs().mkdirs(pgdata);
                ctx.fs().writeAll(pgdata + "/PG_VERSION", "16\n".getBytes(StandardCharsets.UTF_8));
            } catch (FsException e) {
                ctx.err("initdb: error: could not create directory \"" + pgdata + "\": " + e.errno().text() + "\n");
                return CompletableFuture.completedFuture(1);
            }
            ctx.out("The files belonging to this database system will be owned by user \"postgres\".\n"
                + "This user must also own the server process.\n\n"
                + "The database cluster will be initialized with locale \"en_US.utf8\".\n"
                + "The default database encoding has accordingly been set to \"UTF8\".\n"
                + "The default text search configuration will be set to \"english\".\n\n"
                + "Data page checksums are disabled.\n\n"
                + "fixing permissions on existing directory " + pgdata + " ... ok\n"
                + "creating subdirectories ... ok\n"
                + "selecting dynamic shared memory implementation ... posix\n"
                + "selecting default max_connections ... 100\n"
                + "selecting default shared_buffers ... 128MB\n"
                + "selecting default time zone ... Etc/UTC\n"
                + "creating configuration files ... ok\n"
                + "running bootstrap script ... ok\n"
                + "performing post-bootstrap initialization ... ok\n"
                + "syncing data to disk ... ok\n\n\n"
                + "Success. You can now start the database server using:\n\n"
                + "    pg_ctl -D " + pgdata + " -l logfile start\n\n"
                + "waiting for server to start....");
            out.append(t).append(" [").append(pid + 47).append("] LOG:  ").append(started).append('\n')
                .append(t).append(" [").append(pid + 47).append("] LOG:  listening on Unix socket "
                    + "\"/var/run/postgresql/.s.PGSQL.5432\"\n")
                .append(t).append(" [").append(pid + 50).append("] LOG:  database system was shut down at ").append(t)
                .append('\n')
                .append(t).append(" [").append(pid + 47).append("] LOG:  database system is ready to accept connections\n");
            ctx.err(out.toString());
            out.setLength(0);
            ctx.out(" done\nserver started\n\n/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*"
                + "\n\nwaiting for server to shut down....");
            ctx.err(t + " [" + (pid + 47) + "] LOG:  received fast shutdown request\n"
                + t + " [" + (pid + 47) + "] LOG:  aborting any active transactions\n"
                + t + " [" + (pid + 47) + "] LOG:  database system is shut down\n");
            ctx.out(" done\nserver stopped\n\nPostgreSQL init process complete; ready for start up.\n\n");
        } else {
            ctx.out("\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n");
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        NetStack.Listener l;
        try {
            // Each connection is a backend with a pid of its own, as the postmaster forks one.
            java.util.concurrent.atomic.AtomicInteger backends = new java.util.concurrent.atomic.AtomicInteger(pid + 70);
            String version = PgWire.serverVersion(ctx.getenv("PG_VERSION"));
            // The image's listen_addresses='*': a socket on 0.0.0.0 and one on :: (as its log says).
            l = ctx.net().listen(List.of("0.0.0.0", "::"), 5432,
                conn -> PgWire.serve(conn, backends.incrementAndGet(), version));
        } catch (java.net.BindException e) {
            ctx.err(t + " [" + pid + "] LOG:  could not bind IPv4 address \"0.0.0.0\": Address in use\n");
            return CompletableFuture.completedFuture(1);
        }
        ctx.onExit(l::close);
        ctx.err(t + " [" + pid + "] LOG:  " + started + "\n"
            + t + " [" + pid + "] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432\n"
            + t + " [" + pid + "] LOG:  listening on IPv6 address \"::\", port 5432\n"
            + t + " [" + pid + "] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"\n"
            + t + " [" + (pid + 63) + "] LOG:  database system was shut down at " + t + "\n"
            + t + " [" + pid + "] LOG:  database system is ready to accept connections\n");
        for (int sig : new int[] {Signals.SIGTERM, Signals.SIGINT, Signals.SIGQUIT}) {
            ctx.onSignal(sig, s -> {
                String n = LOG.format(ctx.clock().now());
                String kind = s == Signals.SIGTERM ? "smart" : s == Signals.SIGINT ? "fast" : "immediate";
                Servers.writeQuietly(ctx, n + " [" + pid + "] LOG:  received " + kind + " shutdown request\n"
                    + n + " [" + pid + "] LOG:  database system is shut down\n");
                done.complete(0);
            });
        }
        return done;
    }
}
