package dev.drydock.build;

import java.util.List;
import java.util.Map;

/**
 * One parsed Dockerfile instruction.
 *
 * @param keyword   the instruction, upper case (FROM, RUN, ...)
 * @param flags     leading {@code --name=value} flags (a bare {@code --name} maps to "true")
 * @param args      the arguments: for exec form the JSON array's strings; for shell form one string; for
 *                  key=value instructions alternating keys and values
 * @param json      whether the arguments were given in JSON (exec) form
 * @param original  the instruction as written, continuation lines joined (for history and errors)
 * @param line      the 1-based line the instruction starts on
 * @param onBuild   for ONBUILD, the wrapped instruction; otherwise null
 */
public record Instruction(String keyword, Map<String, String> flags, List<String> args, boolean json,
                          String original, int line, Instruction onBuild) {

    public Instruction {
        flags = Map.copyOf(flags);
        args = List.copyOf(args);
    }

    /** The first argument, or an empty string. */
    public String arg() {
        return args.isEmpty() ? "" : args.get(0);
    }
}
