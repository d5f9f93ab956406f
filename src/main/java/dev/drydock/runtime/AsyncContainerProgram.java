package dev.drydock.runtime;

import java.util.concurrent.CompletionStage;

/**
 * A program that holds no thread while idle (servers, {@code sleep}): {@link #start} sets up listeners,
 * timers and signal handlers and returns quickly; the stage completes with the exit code.
 */
@FunctionalInterface
public interface AsyncContainerProgram {
    CompletionStage<Integer> start(ProgramContext ctx) throws Exception;
}
