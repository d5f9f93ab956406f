package dev.drydock.runtime;

import java.util.List;

/**
 * A resolved command: the program to run and the argv it runs with.
 *
 * @param program the program (null when {@link #textScript} is true)
 * @param argv    the argv after #! and busybox dispatch
 * @param path    the executable's path in the container, or null for a registered command
 * @param textScript true for a text file without #!: exec fails with ENOEXEC, a shell runs it as a script
 */
public record Launch(Program program, List<String> argv, String path, boolean textScript) {
}
