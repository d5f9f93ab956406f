package dev.drydock.runtime.programs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.drydock.runtime.AsyncContainerProgram;
import dev.drydock.runtime.ProgramContext;

/**
 * The stand-in for a program that is installed (a marker file) but not simulated, e.g. {@code python3 app.py}
 * or {@code java -jar app.jar}: logs one line saying what it simulates and stays up, holding no thread, until
 * a signal ends it (default dispositions: so as PID 1 only SIGKILL does). {@code --version} prints a version;
 * inline code ({@code -c}, {@code -e}) logs and exits 0.
 */
public final class GenericProgram implements AsyncContainerProgram {
    private static final Map<String, String> VERSIONS = Map.ofEntries(
        Map.entry("python3", "Python 3.12.3"), Map.entry("python", "Python 3.12.3"),
        Map.entry("node", "v20.11.1"), Map.entry("npm", "10.2.4"), Map.entry("java", "openjdk version \"17.0.10\" "
            + "2024-01-16\nOpenJDK Runtime Environment (build 17.0.10+7)\nOpenJDK 64-Bit Server VM (build 17.0.10+7, "
            + "mixed mode, sharing)"),
        Map.entry("git", "git version 2.43.0"), Map.entry("go", "go version go1.22.0 linux/amd64"),
        Map.entry("ruby", "ruby 3.3.0 (2023-12-25 revision 5124f9ac75) [x86_64-linux]"),
        Map.entry("perl", "This is perl 5, version 36, subversion 0 (v5.36.0)"),
        Map.entry("pip", "pip 24.0 from /usr/lib/python3/dist-packages/pip (python 3.12)"),
        Map.entry("pip3", "pip 24.0 from /usr/lib/python3/dist-packages/pip (python 3.12)"));

    private final String name;

    public GenericProgram(String name) {
        this.name = name;
    }

    @Override
    public CompletionStage<Integer> start(ProgramContext ctx) throws Exception {
        List<String> args = ctx.args();
        if (!args.isEmpty() && (args.get(0).equals("--version") || args.get(0).equals("-V")
            || args.get(0).equals("-version") || args.get(0).equals("version"))) {
            String v = VERSIONS.getOrDefault(name, name + " (drydock simulated) 1.0.0");
            if (name.equals("java")) {
                ctx.err(v + "\n");
            } else {
                ctx.out(v + "\n");
            }
            return CompletableFuture.completedFuture(0);
        }
        if (!args.isEmpty() && (args.get(0).equals("-c") || args.get(0).equals("-e") || args.get(0).equals("--help")
            || args.get(0).equals("-h"))) {
            ctx.err("drydock: " + name + " is not simulated; \"" + String.join(" ", ctx.argv())
                + "\" did nothing\n");
            return CompletableFuture.completedFuture(0);
        }
        ctx.out("drydock: simulating \"" + String.join(" ", ctx.argv()) + "\" (" + name
            + " has no built-in simulation); running until stopped\n");
        return new CompletableFuture<>();
    }
}
