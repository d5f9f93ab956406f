package dev.drydock.runtime;

/**
 * A program that runs inside a simulated container: the SPI for user-registered programs (register it on a
 * {@link ProgramRegistry} by command or image name). It runs on a worker thread and may block on its streams
 * or {@link ProgramContext#sleep}; the returned value is the exit code.
 */
@FunctionalInterface
public interface ContainerProgram {
    int run(ProgramContext ctx) throws Exception;
}
