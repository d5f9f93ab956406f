package dev.drydock.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The programs one runtime instance knows (no static state: each Drydock instance has its own registry).
 *
 * <ul>
 *   <li>{@linkplain #registerProgram programs} by name: what an executable marker file
 *       ({@link Executables#marker}) runs; the built-ins (busybox, nginx, redis-server, ...) are here;</li>
 *   <li>{@linkplain #registerApplet applets}: what the multi-call {@code busybox} dispatches to;</li>
 *   <li>{@linkplain #registerCommand commands}: override a command by its basename, whether or not the
 *       container's filesystem has it;</li>
 *   <li>{@linkplain #registerImage images}: replace the main process of containers of that image.</li>
 * </ul>
 */
public final class ProgramRegistry {
    private final Map<String, Program> programs = new ConcurrentHashMap<>();
    private final Map<String, Program> applets = new ConcurrentHashMap<>();
    private final Map<String, Program> commands = new ConcurrentHashMap<>();
    private final Map<String, Program> images = new ConcurrentHashMap<>();
    private volatile MainProgramOverride override;

    /** Decides a container's main program before the image registrations (scripted stubs use this). */
    @FunctionalInterface
    public interface MainProgramOverride {
        /**
         * @param image the image as given at create, normalized ({@link #normalizeImage})
         * @param argv  the container's Entrypoint + Cmd
         * @return the program to run instead, or null to fall through
         */
        Program lookup(String image, java.util.List<String> argv);
    }

    /** Installs (or with null removes) the override consulted before {@link #image}. */
    public ProgramRegistry mainProgramOverride(MainProgramOverride o) {
        this.override = o;
        return this;
    }

    /** Forgets an image registration; true when there was one. */
    public boolean unregisterImage(String image) {
        return images.remove(normalizeImage(image)) != null;
    }

    /** What a container of {@code image} running {@code argv} runs as its main process, if not its command. */
    public Optional<Program> mainProgram(String image, java.util.List<String> argv) {
        if (image == null) {
            return Optional.empty();
        }
        MainProgramOverride o = override;
        if (o != null) {
            Program p = o.lookup(normalizeImage(image), argv);
            if (p != null) {
                return Optional.of(p);
            }
        }
        return image(image);
    }

    /** Registers (or replaces) the program a marker file named {@code name} runs ({@code *Async}: thread-free form). */
    public ProgramRegistry registerProgram(String name, ContainerProgram p) {
        programs.put(name, Program.of(p));
        return this;
    }

    /** Registers a program in any of its forms. */
    public ProgramRegistry registerProgram(String name, Program p) {
        programs.put(name, p);
        return this;
    }

    public ProgramRegistry registerProgramAsync(String name, AsyncContainerProgram p) {
        programs.put(name, Program.async(p));
        return this;
    }

    /** Registers a busybox applet. */
    public ProgramRegistry registerApplet(String name, ContainerProgram p) {
        applets.put(name, Program.of(p));
        return this;
    }

    /** Registers a busybox applet in any of its forms. */
    public ProgramRegistry registerApplet(String name, Program p) {
        applets.put(name, p);
        return this;
    }

    /** Registers a {@linkplain Program#quick quick} applet (one that never waits and writes little). */
    public ProgramRegistry registerQuickApplet(String name, ContainerProgram p) {
        applets.put(name, Program.quick(p));
        return this;
    }

    public ProgramRegistry registerAppletAsync(String name, AsyncContainerProgram p) {
        applets.put(name, Program.async(p));
        return this;
    }

    /** Makes {@code name} (an argv[0] basename) run {@code p} in every container of this runtime. */
    public ProgramRegistry registerCommand(String name, ContainerProgram p) {
        commands.put(name, Program.of(p));
        return this;
    }

    public ProgramRegistry registerCommandAsync(String name, AsyncContainerProgram p) {
        commands.put(name, Program.async(p));
        return this;
    }

    /**
     * Makes containers of {@code image} (as given at create, e.g. "myorg/app:1"; a name without tag also
     * matches ":latest") run {@code p} as their main process, whatever their command.
     */
    public ProgramRegistry registerImage(String image, ContainerProgram p) {
        images.put(normalizeImage(image), Program.of(p));
        return this;
    }

    public ProgramRegistry registerImageAsync(String image, AsyncContainerProgram p) {
        images.put(normalizeImage(image), Program.async(p));
        return this;
    }

    public Optional<Program> program(String name) {
        return Optional.ofNullable(programs.get(name));
    }

    public Optional<Program> applet(String name) {
        return Optional.ofNullable(applets.get(name));
    }

    public Optional<Program> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public Optional<Program> image(String image) {
        return image == null ? Optional.empty() : Optional.ofNullable(images.get(normalizeImage(image)));
    }

    /** The applet names, sorted (what {@code busybox --list} prints). */
    public Set<String> appletNames() {
        return new TreeSet<>(applets.keySet());
    }

    /** The program names, sorted. */
    public Set<String> programNames() {
        return new TreeSet<>(programs.keySet());
    }

    /** An image reference as registrations compare it: no docker.io/library/ prefix, ":latest" when untagged. */
    public static String normalizeImage(String image) {
        String s = image;
        if (s.startsWith("docker.io/")) {
            s = s.substring("docker.io/".length());
        }
        if (s.startsWith("library/")) {
            s = s.substring("library/".length());
        }
        int slash = s.lastIndexOf('/');
        if (s.indexOf(':', slash + 1) < 0 && !s.contains("@")) {
            s = s + ":latest";
        }
        return s;
    }
}
