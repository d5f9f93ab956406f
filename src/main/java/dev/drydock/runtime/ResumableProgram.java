package dev.drydock.runtime;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * A program that runs in slices on worker threads and holds no thread between them: a slice ends with the exit
 * code or with "resume me once this completes" (the shell blocked on {@code sleep} or {@code wait}). The
 * runtime also resumes it early when the process is terminated, so the next slice can unwind.
 */
@FunctionalInterface
public interface ResumableProgram {
    /** Runs the first slice. */
    Slice start(ProgramContext ctx) throws Exception;

    /** How a slice ended: with the exit code, or waiting for {@code until} before running {@code next}. */
    final class Slice {
        private final int code;
        private final CompletionStage<?> until;
        private final Callable<Slice> next;

        private Slice(int code, CompletionStage<?> until, Callable<Slice> next) {
            this.code = code;
            this.until = until;
            this.next = next;
        }

        /** The program ended with {@code code}. */
        public static Slice exit(int code) {
            return new Slice(code, null, null);
        }

        /** The program waits for {@code until}, then {@code next} runs on a worker thread. */
        public static Slice await(CompletionStage<?> until, Callable<Slice> next) {
            return new Slice(0, Objects.requireNonNull(until), Objects.requireNonNull(next));
        }

        public boolean waiting() {
            return until != null;
        }

        public int code() {
            return code;
        }

        public CompletionStage<?> until() {
            return until;
        }

        public Callable<Slice> next() {
            return next;
        }
    }

    /** The blocking form: runs the slices on the calling thread, waiting in between. */
    static ContainerProgram blocking(ResumableProgram r) {
        return ctx -> {
            Slice s = r.start(ctx);
            while (s.waiting()) {
                ctx.awaitUnlessWoken(s.until().toCompletableFuture(), -1);
                s = s.next().call();
            }
            return s.code();
        };
    }
}
