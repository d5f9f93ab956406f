package dev.drydock.engine.containers;

import dev.drydock.engine.Timestamps;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A container's output: the sinks its processes write to, the kept log (line records, as json-file stores
 * them), and live listeners (attach sees raw bytes as written; logs -f sees records).
 *
 * <p>The kept log is bounded: beyond {@code maxBytes} the oldest records are dropped, as log rotation would.
 */
public final class ContainerLog {
    /** Json-file splits lines longer than this into partial records. */
    private static final int MAX_LINE = 16 * 1024;

    /** A live reader of the log. Called on the writing thread: must not block. */
    public interface Listener {
        /** Raw bytes as the process wrote them (attach). */
        default void raw(int stream, byte[] data) {
        }

        /** A complete record (logs -f). */
        default void entry(LogEntry entry) {
        }

        /** The process that was writing ended: its output is complete. */
        default void ended() {
        }

        /**
         * Completes once this reader has passed on everything it was given up to {@link #ended} (an attach
         * session has written it to its client); the container's exit waits for it, briefly, as the daemon
         * waits for its stream copiers before it reports an exit.
         */
        default CompletableFuture<?> drained() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private final Clock clock;
    private final long maxBytes;
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream[] partial = {null, new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    private long bytes;
    private long written;
    private long lastNano;
    /** Between {@link #beginRun} and {@link #endRun}: a follower subscribing now will be told the run ended. */
    private boolean runLive;

    public ContainerLog(Clock clock, long maxBytes) {
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** A sink for one stream (1 stdout, 2 stderr) that the process writes to. */
    public OutputStream sink(int stream) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                append(stream, b, off, len);
            }
        };
    }

    /** Appends output of one stream: live listeners get it at once, complete lines become records. */
    public void append(int stream, byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        byte[] copy = Arrays.copyOfRange(b, off, off + len);
        List<LogEntry> done = new ArrayList<>();
        synchronized (this) {
            written += len;
            ByteArrayOutputStream p = partial[stream];
            int start = 0;
            for (int i = 0; i < copy.length; i++) {
                if (copy[i] == '\n' || p.size() + (i - start) >= MAX_LINE) {
                    int end = copy[i] == '\n' ? i + 1 : i;
                    p.write(copy, start, end - start);
                    done.add(record(stream, p.toByteArray()));
                    p.reset();
                    start = end;
                    if (end == i) {
                        i--;
                    }
                }
            }
            p.write(copy, start, copy.length - start);
            for (Listener l : listeners) {
                l.raw(stream, copy);
                done.forEach(l::entry);
            }
        }
    }

    private LogEntry record(int stream, byte[] data) {
        long nano = Timestamps.toNanos(clock.instant());
        if (nano <= lastNano) {
            nano = lastNano + 1;
        }
        lastNano = nano;
        LogEntry e = new LogEntry(stream, nano, data);
        entries.addLast(e);
        bytes += data.length;
        while (bytes > maxBytes && entries.size() > 1) {
            bytes -= entries.removeFirst().data().length;
        }
        return e;
    }

    /** A process writing to this log started: followers from now on are told when it ends. */
    public synchronized void beginRun() {
        runLive = true;
    }

    /**
     * The writing process ended: pending partial lines become records and followers are told.
     *
     * @return completes when every live reader has passed the run's output on ({@link Listener#drained})
     */
    public CompletableFuture<Void> endRun() {
        synchronized (this) {
            runLive = false;
            for (int s = 1; s <= 2; s++) {
                if (partial[s].size() > 0) {
                    LogEntry e = record(s, partial[s].toByteArray());
                    partial[s].reset();
                    listeners.forEach(l -> l.entry(e));
                }
            }
            listeners.forEach(Listener::ended);
            return CompletableFuture.allOf(listeners.stream().map(Listener::drained)
                    .toArray(CompletableFuture[]::new));
        }
    }

    /** The kept records, oldest first. */
    public synchronized List<LogEntry> entries() {
        return new ArrayList<>(entries);
    }

    /**
     * Atomically snapshots the kept records and registers a listener, so nothing is missed or seen twice.
     *
     * @return the snapshot; the listener stays registered until {@link #unsubscribe}
     */
    public synchronized List<LogEntry> subscribe(Listener listener) {
        listeners.add(listener);
        return new ArrayList<>(entries);
    }

    /** What a follower of the current run gets: the records so far, and whether it was registered. */
    public record Follow(List<LogEntry> snapshot, boolean live) {
    }

    /**
     * Atomically snapshots the kept records and, while a run is live, registers a listener that will be told
     * when it ends. Once the run has ended (its exit may not be reported yet) the snapshot is all there is and
     * no listener is registered: it would wait for an end that was already announced.
     */
    public synchronized Follow follow(Listener listener) {
        if (runLive) {
            listeners.add(listener);
        }
        return new Follow(new ArrayList<>(entries), runLive);
    }

    public void unsubscribe(Listener listener) {
        listeners.remove(listener);
    }

    /** Bytes kept (for the log file's size). */
    public synchronized long size() {
        return bytes;
    }

    /** Every byte the container's processes ever wrote to it (never shrinks: stats derive counters from it). */
    public synchronized long written() {
        return written;
    }
}
