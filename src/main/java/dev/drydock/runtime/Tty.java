package dev.drydock.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import dev.drydock.runtime.io.Pipe;

/**
 * A pseudo-terminal in cooked mode: output gets CRLF line ends (onlcr) and stdout/stderr merge; input is
 * echoed, edited line by line (backspace), {@code ^C} interrupts the foreground processes, {@code ^D} on an
 * empty line is end of file, CR is turned into NL (icrnl).
 */
final class Tty {
    private final OutputStream out;
    private final Pipe input = new Pipe(65536);
    private final StringBuilder line = new StringBuilder();
    private final Runnable interrupt;
    private volatile int rows;
    private volatile int cols;

    Tty(OutputStream sink, int rows, int cols, Runnable interrupt) {
        this.out = new Onlcr(sink);
        this.rows = rows;
        this.cols = cols;
        this.interrupt = interrupt;
    }

    /** What the process writes to (stdout and stderr alike). */
    OutputStream output() {
        return out;
    }

    /** What the process reads from. */
    java.io.InputStream processInput() {
        return input.source();
    }

    /** What the caller (attach/exec stdin) writes keystrokes to. */
    OutputStream keyboard() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                key(b & 0xff);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    key(b[off + i] & 0xff);
                }
            }

            @Override
            public void close() {
                input.closeWrite();
            }
        };
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    void resize(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    private synchronized void key(int c) throws IOException {
        switch (c) {
            case 3 -> {
                line.setLength(0);
                echo("^C\n");
                interrupt.run();
            }
            case 4 -> {
                if (line.length() == 0) {
                    input.closeWrite();
                } else {
                    flushLine(false);
                }
            }
            case 0x7f, 8 -> {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    echo("\b \b");
                }
            }
            case '\r', '\n' -> {
                echo("\n");
                flushLine(true);
            }
            case 0x15 -> { // ^U kills the line
                while (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    echo("\b \b");
                }
            }
            default -> {
                line.append((char) c);
                if (c >= 0x20 || c == '\t') {
                    out.write(c);
                    out.flush();
                } else if (c != 0x1b) {
                    echo("^" + (char) (c + 64));
                }
            }
        }
    }

    private void flushLine(boolean newline) throws IOException {
        if (newline) {
            line.append('\n');
        }
        byte[] bytes = new byte[line.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) line.charAt(i);
        }
        line.setLength(0);
        try {
            input.sink().write(bytes);
        } catch (IOException e) {
            // the process stopped reading: keystrokes are lost, like on a real terminal
        }
    }

    private void echo(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Turns "\n" into "\r\n" and serializes writers (the echo and the process). */
    private static final class Onlcr extends OutputStream {
        private final OutputStream sink;

        Onlcr(OutputStream sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (b == '\n') {
                sink.write('\r');
            }
            sink.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            int start = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    sink.write(b, start, i - start);
                    sink.write(CRLF);
                    start = i + 1;
                }
            }
            if (start < end) {
                sink.write(b, start, end - start);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            sink.flush();
        }

        private static final byte[] CRLF = {'\r', '\n'};
    }
}
