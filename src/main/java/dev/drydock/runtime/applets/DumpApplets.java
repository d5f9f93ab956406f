package dev.drydock.runtime.applets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.drydock.fs.FsException;
import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;
import dev.drydock.runtime.SysFiles;

/** Byte-level tools with busybox's output: od (-c -x -o -t -A), hexdump -C, xxd (-p) and dd. */
final class DumpApplets {
    private DumpApplets() {
    }

    static void register(ProgramRegistry r) {
        Applets.reg(r, "od", DumpApplets::od);
        Applets.reg(r, "hexdump", DumpApplets::hexdump);
        Applets.reg(r, "xxd", DumpApplets::xxd);
        Applets.reg(r, "dd", DumpApplets::dd);
    }

    /** All bytes of the operands (or stdin); null after reporting an unreadable file. */
    private static byte[] input(ProgramContext c, List<String> files) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String f : files.isEmpty() ? List.of("-") : files) {
            InputStream in = TextApplets.open(c, f);
            if (in == null) {
                return null;
            }
            all.write(in.readAllBytes());
            if (!f.equals("-")) {
                in.close();
            }
        }
        return all.toByteArray();
    }

    // ------------------------------------------------------------------ od

    /** One od output type: bytes per item, how an item is printed, and its column width. */
    private record OdType(int size, char kind, int width) {
    }

    private static int od(ProgramContext c) throws Exception {
        List<OdType> types = new ArrayList<>();
        char radix = 'o';
        boolean verbose = false;
        List<String> files = new ArrayList<>();
        List<String> a = c.args();
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            if (s.startsWith("-A")) {
                String v = s.length() > 2 ? s.substring(2) : i + 1 < a.size() ? a.get(++i) : "o";
                radix = v.isEmpty() ? 'o' : v.charAt(0);
            } else if (s.startsWith("-t")) {
                String v = s.length() > 2 ? s.substring(2) : i + 1 < a.size() ? a.get(++i) : "";
                OdType t = odType(v);
                if (t == null) {
                    c.err("od: invalid type string '" + v + "'\n");
                    return 1;
                }
                types.add(t);
            } else if (s.startsWith("-") && s.length() > 1) {
                for (char ch : s.substring(1).toCharArray()) {
                    switch (ch) {
                        case 'c' -> types.add(new OdType(1, 'c', 4));
                        case 'x' -> types.add(new OdType(2, 'x', 5));
                        case 'o' -> types.add(new OdType(2, 'o', 7));
                        case 'd' -> types.add(new OdType(2, 'u', 6));
                        case 'b' -> types.add(new OdType(1, 'o', 4));
                        case 'v' -> verbose = true;
                        default -> {
                            c.err("od: invalid option -- '" + ch + "'\n");
                            return 1;
                        }
                    }
                }
            } else {
                files.add(s);
            }
        }
        if (types.isEmpty()) {
            types.add(new OdType(2, 'o', 7));
        }
        byte[] data = input(c, files);
        if (data == null) {
            return 1;
        }
        StringBuilder sb = new StringBuilder();
        char addressRadix = radix;
        lines(data, verbose, sb, (off, line) -> {
            for (int ti = 0; ti < types.size(); ti++) {
                OdType t = types.get(ti);
                String addr = address(addressRadix, off);
                sb.append(ti == 0 ? addr : " ".repeat(addr.length()));
                for (int i = 0; i < line.length; i += t.size()) {
                    long v = 0;
                    for (int k = t.size() - 1; k >= 0; k--) {
                        v = (v << 8) | (i + k < line.length ? line[i + k] & 0xff : 0);
                    }
                    sb.append(odItem(t, v, line[i]));
                }
                sb.append('\n');
            }
            if (sb.length() > 8192) {
                c.out(sb.toString());
                sb.setLength(0);
            }
        });
        if (radix != 'n') {
            sb.append(address(radix, data.length)).append('\n');
        }
        c.out(sb.toString());
        return 0;
    }

    /** Writes one 16-byte line of a dump, at its offset. */
    @FunctionalInterface
    private interface DumpLine {
        void write(int off, byte[] line) throws IOException;
    }

    /**
     * Hands each 16-byte line of {@code data} to {@code body}, except that a run of lines equal to the one before
     * becomes one {@code *} line unless {@code verbose}, as od and hexdump do.
     */
    private static void lines(byte[] data, boolean verbose, StringBuilder sb, DumpLine body)
            throws IOException {
        byte[] prev = null;
        boolean starred = false;
        for (int off = 0; off < data.length; off += 16) {
            byte[] line = Arrays.copyOfRange(data, off, Math.min(data.length, off + 16));
            if (!verbose && prev != null && Arrays.equals(prev, line)) {
                if (!starred) {
                    sb.append("*\n");
                    starred = true;
                }
                continue;
            }
            starred = false;
            prev = line;
            body.write(off, line);
        }
    }

    private static OdType odType(String v) {
        if (v.isEmpty()) {
            return null;
        }
        char kind = v.charAt(0);
        if (kind == 'c' || kind == 'a') {
            return new OdType(1, 'c', 4);
        }
        int size = v.length() > 1 ? Integer.parseInt(v.substring(1)) : kind == 'x' || kind == 'o' || kind == 'u'
            || kind == 'd' ? 4 : 0;
        if ("xoud".indexOf(kind) < 0 || (size != 1 && size != 2 && size != 4 && size != 8)) {
            return null;
        }
        int digits = switch (kind) {
            case 'x' -> size * 2;
            case 'o' -> size == 1 ? 3 : size == 2 ? 6 : size == 4 ? 11 : 22;
            case 'u' -> size == 1 ? 3 : size == 2 ? 5 : size == 4 ? 10 : 20;
            default -> size == 1 ? 4 : size == 2 ? 6 : size == 4 ? 11 : 20;
        };
        return new OdType(size, kind, digits + 1);
    }

    private static String address(char radix, long off) {
        return switch (radix) {
            case 'n' -> "";
            case 'd' -> String.format(Locale.ROOT, "%07d", off);
            case 'x' -> String.format(Locale.ROOT, "%06x", off);
            default -> String.format(Locale.ROOT, "%07o", off);
        };
    }

    private static String odItem(OdType t, long v, byte first) {
        String s = switch (t.kind()) {
            case 'c' -> odChar(first & 0xff);
            case 'x' -> String.format(Locale.ROOT, "%0" + (t.width() - 1) + "x", v);
            case 'o' -> String.format(Locale.ROOT, "%0" + (t.width() - 1) + "o", v);
            case 'u' -> Long.toString(v);
            default -> Long.toString(signed(v, t.size()));
        };
        return " ".repeat(Math.max(1, t.width() - s.length())) + s;
    }

    private static long signed(long v, int size) {
        int bits = size * 8;
        return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }

    private static String odChar(int b) {
        return switch (b) {
            case 0 -> "\\0";
            case 7 -> "\\a";
            case 8 -> "\\b";
            case 9 -> "\\t";
            case 10 -> "\\n";
            case 11 -> "\\v";
            case 12 -> "\\f";
            case 13 -> "\\r";
            default -> b >= 32 && b < 127 ? String.valueOf((char) b) : String.format(Locale.ROOT, "%03o", b);
        };
    }

    // ------------------------------------------------------------------ hexdump -C, xxd

    private static int hexdump(ProgramContext c) throws Exception {
        List<String> files = new ArrayList<>();
        boolean canonical = false;
        boolean verbose = false;
        for (String s : c.args()) {
            if (s.equals("-C")) {
                canonical = true;
            } else if (s.equals("-v")) {
                verbose = true;
            } else if (s.startsWith("-") && s.length() > 1) {
                c.err("hexdump: invalid option -- '" + s.substring(1) + "'\n");
                return 1;
            } else {
                files.add(s);
            }
        }
        byte[] data = input(c, files);
        if (data == null) {
            return 1;
        }
        StringBuilder sb = new StringBuilder();
        boolean canonicalLines = canonical;
        lines(data, verbose, sb, (off, line) -> {
            if (canonicalLines) {
                sb.append(String.format(Locale.ROOT, "%08x ", off));
                for (int i = 0; i < 16; i++) {
                    sb.append(i == 8 ? "  " : " ");
                    sb.append(i < line.length ? String.format(Locale.ROOT, "%02x", line[i] & 0xff) : "  ");
                }
                sb.append("  |");
                for (byte b : line) {
                    int v = b & 0xff;
                    sb.append(v >= 32 && v < 127 ? (char) v : '.');
                }
                sb.append("|\n");
            } else {
                // Without -C: busybox's default "%07.7_Ax\n" "%07.7_ax " 8/2 "%04x " format.
                sb.append(String.format(Locale.ROOT, "%07x", off));
                for (int i = 0; i < 16; i += 2) {
                    if (i < line.length) {
                        int v = (line[i] & 0xff) | (i + 1 < line.length ? (line[i + 1] & 0xff) << 8 : 0);
                        sb.append(String.format(Locale.ROOT, " %04x", v));
                    } else {
                        sb.append("     ");
                    }
                }
                sb.append('\n');
            }
        });
        if (data.length > 0) {
            sb.append(String.format(Locale.ROOT, canonical ? "%08x\n" : "%07x\n", data.length));
        }
        c.out(sb.toString());
        return 0;
    }

    private static int xxd(ProgramContext c) throws Exception {
        List<String> files = new ArrayList<>();
        boolean plain = false;
        for (String s : c.args()) {
            if (s.equals("-p") || s.equals("-ps") || s.equals("-plain")) {
                plain = true;
            } else if (s.startsWith("-") && s.length() > 1) {
                c.err("xxd: invalid option -- '" + s.substring(1) + "'\n");
                return 1;
            } else {
                files.add(s);
            }
        }
        byte[] data = input(c, files);
        if (data == null) {
            return 1;
        }
        StringBuilder sb = new StringBuilder();
        if (plain) {
            for (int i = 0; i < data.length; i++) {
                sb.append(String.format(Locale.ROOT, "%02x", data[i] & 0xff));
                if (i % 30 == 29 || i == data.length - 1) {
                    sb.append('\n');
                }
            }
            c.out(sb.toString());
            return 0;
        }
        for (int off = 0; off < data.length; off += 16) {
            int n = Math.min(16, data.length - off);
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < n; i++) {
                hex.append(String.format(Locale.ROOT, "%02x", data[off + i] & 0xff));
                if (i % 2 == 1) {
                    hex.append(' ');
                }
            }
            sb.append(String.format(Locale.ROOT, "%08x: %-40s ", off, hex));
            for (int i = 0; i < n; i++) {
                int v = data[off + i] & 0xff;
                sb.append(v >= 32 && v < 127 ? (char) v : '.');
            }
            sb.append('\n');
        }
        c.out(sb.toString());
        return 0;
    }

    // ------------------------------------------------------------------ dd

    private static int dd(ProgramContext c) throws Exception {
        String inFile = null;
        String outFile = null;
        long ibs = 512;
        long obs = 512;
        long count = -1;
        long skip = 0;
        long seek = 0;
        boolean notrunc = false;
        boolean quiet = false;
        for (String arg : c.args()) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                c.err("dd: invalid argument '" + arg + "'\n");
                return 1;
            }
            String k = arg.substring(0, eq);
            String v = arg.substring(eq + 1);
            try {
                switch (k) {
                    case "if" -> inFile = v;
                    case "of" -> outFile = v;
                    case "bs" -> {
                        ibs = size(v);
                        obs = ibs;
                    }
                    case "ibs" -> ibs = size(v);
                    case "obs" -> obs = size(v);
                    case "count" -> count = size(v);
                    case "skip" -> skip = size(v);
                    case "seek" -> seek = size(v);
                    case "conv" -> notrunc = Arrays.asList(v.split(",")).contains("notrunc");
                    case "status" -> quiet = v.equals("none");
                    default -> {
                        c.err("dd: invalid argument '" + arg + "'\n");
                        return 1;
                    }
                }
            } catch (NumberFormatException e) {
                c.err("dd: invalid number '" + v + "'\n");
                return 1;
            }
        }
        InputStream in;
        if (inFile == null) {
            in = c.stdin();
        } else {
            try {
                in = SysFiles.read(c, inFile);
            } catch (FsException e) {
                c.err("dd: can't open '" + inFile + "': " + e.errno().text() + "\n");
                return 1;
            }
        }
        OutputStream out;
        if (outFile == null) {
            out = c.stdout();
        } else {
            try {
                out = SysFiles.write(c, outFile, notrunc || seek > 0);
            } catch (FsException e) {
                c.err("dd: can't open '" + outFile + "': " + e.errno().text() + "\n");
                return 1;
            }
        }
        long fullIn = 0;
        long partIn = 0;
        long fullOut = 0;
        long partOut = 0;
        int rc = 0;
        byte[] block = new byte[(int) Math.min(ibs, 16L << 20)];
        try {
            in.skipNBytes(Math.min(skip * ibs, Long.MAX_VALUE / 2));
        } catch (java.io.EOFException e) {
            // skipping past the end reads nothing, as dd does
        }
        try {
            while (count < 0 || fullIn + partIn < count) {
                c.checkAlive();
                int n = in.readNBytes(block, 0, block.length);
                if (n <= 0) {
                    break;
                }
                if (n == block.length) {
                    fullIn++;
                } else {
                    partIn++;
                }
                try {
                    out.write(block, 0, n);
                } catch (FsException e) {
                    c.err("dd: error writing '" + (outFile == null ? "standard output" : outFile) + "': "
                        + e.errno().text() + "\n");
                    rc = 1;
                    break;
                }
                if (n == obs) {
                    fullOut++;
                } else if (obs > 0 && n % obs == 0) {
                    fullOut += n / obs;
                } else {
                    fullOut += n / obs;
                    partOut++;
                }
                if (n < block.length) {
                    break;
                }
            }
        } finally {
            if (inFile != null) {
                in.close();
            }
            if (outFile != null) {
                out.close();
            } else {
                out.flush();
            }
        }
        if (!quiet) {
            c.err(fullIn + "+" + partIn + " records in\n" + fullOut + "+" + partOut + " records out\n");
        }
        return rc;
    }

    /** A dd number: digits with an optional multiplier suffix (c w b k K M G, kB MB GB). */
    private static long size(String v) {
        String[][] suffixes = {{"kB", "1000"}, {"MB", "1000000"}, {"GB", "1000000000"}, {"c", "1"}, {"w", "2"},
            {"b", "512"}, {"k", "1024"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}};
        for (String[] s : suffixes) {
            if (v.endsWith(s[0]) && v.length() > s[0].length()) {
                return Long.parseLong(v.substring(0, v.length() - s[0].length())) * Long.parseLong(s[1]);
            }
        }
        return Long.parseLong(v);
    }
}
