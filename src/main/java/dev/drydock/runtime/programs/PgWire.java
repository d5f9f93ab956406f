package dev.drydock.runtime.programs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.drydock.runtime.net.NetStack;

/**
 * The PostgreSQL v3 wire protocol, minimally: SSL and GSS encryption refused ('N'), trust authentication, the
 * usual parameter statuses, the simple and the extended query protocol for literal SELECTs ({@code SELECT 1},
 * {@code SELECT version()}, {@code SELECT 'a' AS x, true}) and {@code SHOW}. Anything else is an ErrorResponse
 * with SQLSTATE 0A000, so a client relying on more fails loudly instead of getting made-up data.
 */
final class PgWire {
    /** The server_version of a build that does not say (no PG_VERSION in the environment). */
    static final String VERSION = "16.1 (Debian 16.1-1.pgdg120+1)";
    static final String NOT_SUPPORTED = "feature not supported by Drydock's postgres simulation";

    private static final int PROTOCOL_3 = 196608;
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private static final int BOOL = 16;
    private static final int INT8 = 20;
    private static final int INT4 = 23;
    private static final int TEXT = 25;
    private static final int NAME = 19;
    private static final int NUMERIC = 1700;

    /** A result column: its name, type and text value (null for SQL NULL). */
    record Column(String name, int type, String value) {
        int typeLength() {
            return switch (type) {
                case BOOL -> 1;
                case INT4 -> 4;
                case INT8 -> 8;
                case NAME -> 64;
                default -> -1;
            };
        }
    }

    /**
     * A statement understood: its columns (one row) or none (a command, or the empty query when the tag is null
     * too); a SET names the setting and its value, applied when it runs.
     */
    private record Result(List<Column> columns, String tag, String setting, String value) {
        static final Result EMPTY = new Result(null, null);

        Result(List<Column> columns, String tag) {
            this(columns, tag, null, null);
        }
    }

    /** A statement not understood: reported as 0A000 when executed (or parsed). */
    private static final class Unsupported extends Exception {
        Unsupported(String statement) {
            super(statement, null, false, false);
        }
    }

    private final DataInputStream in;
    private final OutputStream out;
    private final int pid;
    private final int secret;
    private final String serverVersion;
    private final Map<String, String> settings = new LinkedHashMap<>();
    /** Settings a SET changed that are not reported to the client (extra_float_digits, search_path...). */
    private final Map<String, String> unreported = new HashMap<>();
    /** ReadyForQuery's transaction status: 'I' idle, 'T' in a transaction block, 'E' in a failed one. */
    private byte transaction = 'I';
    private final Map<String, Result> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String user = "postgres";
    private String database = "postgres";

    private record Portal(Result result, short[] formats) {
    }

    private PgWire(NetStack.Connection conn, int pid, String serverVersion) {
        this.serverVersion = serverVersion;
        this.in = new DataInputStream(new BufferedInputStream(conn.input(), 8192));
        this.out = conn.output();
        this.pid = pid;
        this.secret = (int) (System.nanoTime() ^ pid * 2654435761L);
    }

    /** Serves one client connection until it terminates or goes away. */
    static void serve(NetStack.Connection conn, int backendPid, String serverVersion) throws IOException {
        try {
            new PgWire(conn, backendPid, serverVersion).run();
        } catch (EOFException gone) {
            // The client hung up: as a backend does, just end.
        }
    }

    private void run() throws IOException {
        if (!startup()) {
            return;
        }
        boolean skipToSync = false;
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            ByteBuffer m = ByteBuffer.wrap(body);
            if (type == 'X') {
                return;
            }
            if (skipToSync && type != 'S') {
                continue;
            }
            try {
                switch (type) {
                    case 'Q' -> simpleQuery(cstring(m));
                    case 'P' -> parse(m);
                    case 'B' -> bind(m);
                    case 'D' -> describe(m);
                    case 'E' -> execute(m);
                    case 'C' -> {
                        byte kind = m.get();
                        (kind == 'S' ? statements : portals).remove(cstring(m));
                        message('3', new byte[0]);
                    }
                    case 'S' -> {
                        skipToSync = false;
                        ready();
                    }
                    case 'H' -> flush();
                    default -> throw new ProtocolError("08P01", "invalid frontend message type " + type);
                }
            } catch (Unsupported | ProtocolError e) {
                if (e instanceof Unsupported) {
                    error("0A000", NOT_SUPPORTED, "statement: " + e.getMessage());
                } else {
                    error(((ProtocolError) e).code, e.getMessage(), null);
                }
                if (transaction == 'T') {
                    // An error inside a transaction block fails it, until ROLLBACK (or COMMIT, which rolls back).
                    transaction = 'E';
                }
                skipToSync = type != 'Q';
                if (type == 'Q') {
                    ready();
                }
            }
            if (type == 'Q' || type == 'S' || type == 'H') {
                flush();
            }
        }
    }

    private static final class ProtocolError extends Exception {
        private final String code;

        ProtocolError(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** SSL/GSS requests refused, then the startup packet: false when the client only cancelled or went away. */
    private boolean startup() throws IOException {
        while (true) {
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            ByteBuffer m = ByteBuffer.wrap(body);
            int code = m.getInt();
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                out.write('N');
                out.flush();
                continue;
            }
            if (code == CANCEL_REQUEST) {
                return false;
            }
            if (code >> 16 != 3) {
                error("0A000", "unsupported frontend protocol " + (code >> 16) + "." + (code & 0xffff)
                        + ": server supports 3.0 to 3.0", null);
                flush();
                return false;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (m.hasRemaining()) {
                String key = cstring(m);
                if (key.isEmpty()) {
                    break;
                }
                params.put(key, cstring(m));
            }
            user = params.getOrDefault("user", "postgres");
            database = params.getOrDefault("database", user);
            settings.put("application_name", params.getOrDefault("application_name", ""));
            settings.put("client_encoding", "UTF8");
            settings.put("DateStyle", "ISO, MDY");
            settings.put("default_transaction_read_only", "off");
            settings.put("in_hot_standby", "off");
            settings.put("integer_datetimes", "on");
            settings.put("IntervalStyle", "postgres");
            settings.put("is_superuser", "on");
            settings.put("server_encoding", "UTF8");
            settings.put("server_version", serverVersion);
            settings.put("session_authorization", user);
            settings.put("standard_conforming_strings", "on");
            settings.put("TimeZone", params.getOrDefault("TimeZone", "Etc/UTC"));
            message('R', ByteBuffer.allocate(4).putInt(0).array());
            for (Map.Entry<String, String> s : settings.entrySet()) {
                message('S', concat(cbytes(s.getKey()), cbytes(s.getValue())));
            }
            message('K', ByteBuffer.allocate(8).putInt(pid).putInt(secret).array());
            ready();
            flush();
            return true;
        }
    }

    private void simpleQuery(String sql) throws IOException, Unsupported, ProtocolError {
        List<String> parts = splitStatements(sql);
        if (parts.isEmpty()) {
            message('I', new byte[0]);
        }
        for (String statement : parts) {
            Result r = plan(statement);
            checkNotAborted(r);
            short[] text = new short[0];
            if (r.columns() != null) {
                rowDescription(r, text);
            }
            dataRow(r, text);
            complete(r);
        }
        ready();
    }

    private void parse(ByteBuffer m) throws IOException, Unsupported {
        String name = cstring(m);
        String sql = cstring(m);
        int params = m.getShort();
        if (params > 0 || sql.contains("$1")) {
            throw new Unsupported(sql);
        }
        List<String> parts = splitStatements(sql);
        if (parts.size() > 1) {
            throw new Unsupported(sql);
        }
        statements.put(name, parts.isEmpty() ? Result.EMPTY : plan(parts.get(0)));
        message('1', new byte[0]);
    }

    private void bind(ByteBuffer m) throws IOException, ProtocolError {
        String portal = cstring(m);
        String statement = cstring(m);
        Result r = statements.get(statement);
        if (r == null) {
            throw new ProtocolError("26000", "prepared statement \"" + statement + "\" does not exist");
        }
        short paramFormats = m.getShort();
        m.position(m.position() + 2 * paramFormats);
        short values = m.getShort();
        if (values != 0) {
            throw new ProtocolError("08P01", "bind message supplies " + values
                    + " parameters, but prepared statement \"" + statement + "\" requires 0");
        }
        short n = m.getShort();
        short[] formats = new short[n];
        for (int i = 0; i < n; i++) {
            formats[i] = m.getShort();
        }
        portals.put(portal, new Portal(r, formats));
        message('2', new byte[0]);
    }

    private void describe(ByteBuffer m) throws IOException, ProtocolError {
        byte kind = m.get();
        String name = cstring(m);
        if (kind == 'S') {
            Result r = statements.get(name);
            if (r == null) {
                throw new ProtocolError("26000", "prepared statement \"" + name + "\" does not exist");
            }
            message('t', ByteBuffer.allocate(2).putShort((short) 0).array());
            rowDescription(r, new short[0]);
        } else {
            Portal p = portals.get(name);
            if (p == null) {
                throw new ProtocolError("34000", "portal \"" + name + "\" does not exist");
            }
            rowDescription(p.result(), p.formats());
        }
    }

    private void execute(ByteBuffer m) throws IOException, ProtocolError {
        String name = cstring(m);
        Portal p = portals.get(name);
        if (p == null) {
            throw new ProtocolError("34000", "portal \"" + name + "\" does not exist");
        }
        if (p.result() == Result.EMPTY) {
            message('I', new byte[0]);
            return;
        }
        checkNotAborted(p.result());
        dataRow(p.result(), p.formats());
        complete(p.result());
    }

    /** A statement ran: its effect (a setting, a transaction's state) and CommandComplete. */
    private void complete(Result r) {
        if (r.setting() != null) {
            String reported = null;
            for (String key : settings.keySet()) {
                if (key.equalsIgnoreCase(r.setting())) {
                    reported = key;
                }
            }
            if (reported != null) {
                settings.put(reported, r.value());
                // A reported setting changed: the backend tells the client, as for application_name.
                message('S', concat(cbytes(reported), cbytes(r.value())));
            } else {
                unreported.put(r.setting().toLowerCase(Locale.ROOT), r.value());
            }
        }
        String tag = r.tag();
        switch (tag) {
            case "BEGIN" -> transaction = 'T';
            case "COMMIT", "ROLLBACK" -> {
                tag = transaction == 'E' ? "ROLLBACK" : tag;
                transaction = 'I';
            }
            default -> {
                // no change
            }
        }
        message('C', cbytes(tag));
    }

    /** In a failed transaction block only its end runs. */
    private void checkNotAborted(Result r) throws ProtocolError {
        if (transaction == 'E' && !"COMMIT".equals(r.tag()) && !"ROLLBACK".equals(r.tag())) {
            throw new ProtocolError("25P02",
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("'") && v.endsWith("'")
                ? v.substring(1, v.length() - 1).replace("''", "'") : v;
    }

    /** RowDescription for a result set, NoData for an empty query. */
    private void rowDescription(Result r, short[] formats) throws IOException {
        if (r.columns() == null) {
            message('n', new byte[0]);
            return;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(ByteBuffer.allocate(2).putShort((short) r.columns().size()).array());
        for (int i = 0; i < r.columns().size(); i++) {
            Column c = r.columns().get(i);
            b.write(cbytes(c.name()));
            b.write(ByteBuffer.allocate(18).putInt(0).putShort((short) 0).putInt(c.type())
                    .putShort((short) c.typeLength()).putInt(-1).putShort(format(formats, i)).array());
        }
        message('T', b.toByteArray());
    }

    private void dataRow(Result r, short[] formats) throws IOException {
        if (r.columns() == null) {
            return;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(ByteBuffer.allocate(2).putShort((short) r.columns().size()).array());
        for (int i = 0; i < r.columns().size(); i++) {
            Column c = r.columns().get(i);
            if (c.value() == null) {
                b.write(ByteBuffer.allocate(4).putInt(-1).array());
                continue;
            }
            byte[] v = format(formats, i) == 1 ? binary(c) : c.value().getBytes(StandardCharsets.UTF_8);
            b.write(ByteBuffer.allocate(4).putInt(v.length).array());
            b.write(v);
        }
        message('D', b.toByteArray());
    }

    /** The binary form (a client may ask for it once a statement is prepared server-side). */
    private static byte[] binary(Column c) {
        return switch (c.type()) {
            case INT4 -> ByteBuffer.allocate(4).putInt(Integer.parseInt(c.value())).array();
            case INT8 -> ByteBuffer.allocate(8).putLong(Long.parseLong(c.value())).array();
            case BOOL -> new byte[] {(byte) (c.value().equals("t") ? 1 : 0)};
            default -> c.value().getBytes(StandardCharsets.UTF_8);
        };
    }

    private static short format(short[] formats, int column) {
        if (formats.length == 0) {
            return 0;
        }
        return formats.length == 1 ? formats[0] : formats[column];
    }

    private static final Pattern SET = Pattern.compile(
            "(?is)set\\s+(?:session\\s+|local\\s+)?([a-z_][a-z0-9_.]*)\\s*(?:=|\\s+to\\s+)\\s*(.+)");
    private static final Pattern SHOW = Pattern.compile("(?is)show\\s+(\\w+(?:\\s+\\w+)*)");
    private static final Pattern SELECT = Pattern.compile("(?is)select\\s+(.+)");
    private static final Pattern ALIAS = Pattern.compile("(?is)(.+?)\\s+(?:as\\s+)?(\"[^\"]+\"|[a-z_][a-z0-9_]*)");

    /** What a statement returns, or Unsupported. */
    private Result plan(String statement) throws Unsupported {
        Matcher show = SHOW.matcher(statement);
        if (show.matches()) {
            String name = show.group(1).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            String value = show(name);
            if (value == null) {
                throw new Unsupported(statement);
            }
            return new Result(List.of(new Column(name, TEXT, value)), "SHOW");
        }
        Matcher set = SET.matcher(statement);
        if (set.matches()) {
            return new Result(null, "SET", set.group(1), unquote(set.group(2).trim()));
        }
        String word = statement.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (word) {
            case "begin", "begin transaction", "begin work", "start transaction" -> {
                return new Result(null, "BEGIN");
            }
            case "commit", "commit transaction", "commit work", "end" -> {
                return new Result(null, "COMMIT");
            }
            case "rollback", "rollback transaction", "rollback work", "abort" -> {
                return new Result(null, "ROLLBACK");
            }
            default -> {
                // a query
            }
        }
        Matcher select = SELECT.matcher(statement);
        if (!select.matches()) {
            throw new Unsupported(statement);
        }
        List<Column> columns = new ArrayList<>();
        for (String item : splitOutsideQuotes(select.group(1), ',')) {
            Column c = literal(item.trim());
            if (c == null) {
                Matcher a = ALIAS.matcher(item.trim());
                if (a.matches() && (c = literal(a.group(1).trim())) != null) {
                    String alias = a.group(2);
                    alias = alias.startsWith("\"") ? alias.substring(1, alias.length() - 1)
                            : alias.toLowerCase(Locale.ROOT);
                    c = new Column(alias, c.type(), c.value());
                }
            }
            if (c == null) {
                throw new Unsupported(statement);
            }
            columns.add(c);
        }
        return new Result(columns, "SELECT 1");
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+)");
    private static final Pattern STRING = Pattern.compile("(?s)'((?:[^']|'')*)'(?:::text)?");

    /** A constant or a session function; null when the expression is anything else. */
    private Column literal(String e) {
        String lower = e.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        if (INTEGER.matcher(e).matches()) {
            String v = e.startsWith("+") ? e.substring(1) : e;
            try {
                Integer.parseInt(v);
                return new Column("?column?", INT4, v);
            } catch (NumberFormatException tooBig) {
                try {
                    Long.parseLong(v);
                    return new Column("?column?", INT8, v);
                } catch (NumberFormatException evenBigger) {
                    return new Column("?column?", NUMERIC, v);
                }
            }
        }
        if (DECIMAL.matcher(e).matches()) {
            return new Column("?column?", NUMERIC, e.startsWith("+") ? e.substring(1) : e);
        }
        Matcher s = STRING.matcher(e);
        if (s.matches()) {
            return new Column(lower.endsWith("::text") ? "text" : "?column?", TEXT, s.group(1).replace("''", "'"));
        }
        return switch (lower) {
            case "true" -> new Column("bool", BOOL, "t");
            case "false" -> new Column("bool", BOOL, "f");
            case "null" -> new Column("?column?", TEXT, null);
            case "version()" -> new Column("version", TEXT, versionString(serverVersion));
            case "current_database()" -> new Column("current_database", NAME, database);
            case "current_schema()", "current_schema" -> new Column("current_schema", NAME, "public");
            case "current_user", "current_user()", "user", "session_user" ->
                    new Column(lower.replace("()", ""), NAME, user);
            case "pg_backend_pid()" -> new Column("pg_backend_pid", INT4, Integer.toString(pid));
            default -> null;
        };
    }

    /**
     * The server_version of the image's build: {@code PG_VERSION=16.10-1.pgdg12+1} (Debian's package) is
     * {@code 16.10 (Debian 16.10-1.pgdg12+1)}, {@code PG_VERSION=16.10} (Alpine's) is {@code 16.10}.
     */
    static String serverVersion(String pgVersion) {
        if (pgVersion == null || pgVersion.isBlank()) {
            return VERSION;
        }
        int dash = pgVersion.indexOf('-');
        return dash < 0 ? pgVersion : pgVersion.substring(0, dash) + " (Debian " + pgVersion + ")";
    }

    /** What {@code SELECT version()} says for a server_version. */
    static String versionString(String serverVersion) {
        return serverVersion.contains("Debian")
                ? "PostgreSQL " + serverVersion + " on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"
                : "PostgreSQL " + serverVersion + " on x86_64-pc-linux-musl, compiled by gcc (Alpine 14.2.0) 14.2.0, 64-bit";
    }

    private String show(String name) {
        if (unreported.containsKey(name)) {
            return unreported.get(name);
        }
        for (Map.Entry<String, String> s : settings.entrySet()) {
            if (s.getKey().equalsIgnoreCase(name)) {
                return s.getValue();
            }
        }
        return switch (name) {
            case "transaction isolation level", "default_transaction_isolation" -> "read committed";
            case "max_connections" -> "100";
            case "search_path" -> "\"$user\", public";
            case "port" -> "5432";
            default -> null;
        };
    }

    /** The statements of a query string, without empty ones (a lone ';' is an empty query). */
    private static List<String> splitStatements(String sql) {
        List<String> out = new ArrayList<>();
        for (String s : splitOutsideQuotes(sql, ';')) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == separator) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private void error(String sqlState, String message, String detail) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        field(b, 'S', "ERROR");
        field(b, 'V', "ERROR");
        field(b, 'C', sqlState);
        field(b, 'M', message);
        if (detail != null) {
            field(b, 'D', detail);
        }
        b.write(0);
        message('E', b.toByteArray());
    }

    private static void field(ByteArrayOutputStream b, char type, String value) throws IOException {
        b.write(type);
        b.write(cbytes(value));
    }

    private void ready() {
        message('Z', new byte[] {transaction});
    }

    /** Queues one backend message; messages go out together at flush points, as a backend's buffer does. */
    private void message(char type, byte[] body) {
        pending.write(type);
        pending.writeBytes(ByteBuffer.allocate(4).putInt(body.length + 4).array());
        pending.writeBytes(body);
    }

    private void flush() throws IOException {
        if (pending.size() > 0) {
            pending.writeTo(out);
            pending.reset();
        }
        out.flush();
    }

    private static String cstring(ByteBuffer m) {
        int start = m.position();
        while (m.get() != 0) {
            // up to the terminating NUL
        }
        return new String(m.array(), start, m.position() - start - 1, StandardCharsets.UTF_8);
    }

    private static byte[] cbytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
