package dev.drydock.runtime.programs;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.drydock.runtime.ProgramContext;
import dev.drydock.runtime.ProgramRegistry;

/** Registers the built-in programs of catalog images: hello-world, nginx, httpd, redis, postgres, package managers. */
public final class BuiltinPrograms {
    /** The message the hello-world image prints. */
    public static final String HELLO = "\nHello from Docker!\n"
        + "This message shows that your installation appears to be working correctly.\n\n"
        + "To generate this message, Docker took the following steps:\n"
        + " 1. The Docker client contacted the Docker daemon.\n"
        + " 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.\n"
        + "    (amd64)\n"
        + " 3. The Docker daemon created a new container from that image which runs the\n"
        + "    executable that produces the output you are currently reading.\n"
        + " 4. The Docker daemon streamed that output to the Docker client, which sent it\n"
        + "    to your terminal.\n\n"
        + "To try something more ambitious, you can run an Ubuntu container with:\n"
        + " $ docker run -it ubuntu bash\n\n"
        + "Share images, automate workflows, and more with a free Docker ID:\n"
        + " https://hub.docker.com/\n\n"
        + "For more examples and ideas, visit:\n"
        + " https://docs.docker.com/get-started/\n\n";

    private BuiltinPrograms() {
    }

    public static void registerAll(ProgramRegistry r) {
        r.registerProgram("hello", (dev.drydock.runtime.ContainerProgram) c -> {
            c.out(HELLO);
            return 0;
        });
        r.registerProgramAsync("nginx", Servers::nginx);
        r.registerProgramAsync("httpd", Servers::apache);
        r.registerAppletAsync("httpd", Servers::busyboxHttpd);
        r.registerProgramAsync("redis-server", Redis::server);
        r.registerProgram("redis-cli", Redis::cli);
        r.registerProgramAsync("postgres", Postgres::start);
        r.registerProgramAsync("python3", BuiltinPrograms::python);
        r.registerProgramAsync("python", BuiltinPrograms::python);
        PackageManagers.register(r);
    }

    private static java.util.concurrent.CompletionStage<Integer> python(ProgramContext ctx) throws Exception {
        List<String> a = ctx.args();
        if (a.size() >= 2 && a.get(0).equals("-m") && a.get(1).equals("http.server")) {
            int port = a.size() > 2 && a.get(2).matches("\\d+") ? Integer.parseInt(a.get(2)) : 8000;
            return Servers.pythonHttpServer(ctx, port);
        }
        if (a.size() >= 2 && a.get(0).equals("-m") && a.get(1).equals("pip")) {
            return CompletableFuture.completedFuture(PackageManagers.pip(ctx, a.subList(2, a.size())));
        }
        return new GenericProgram(ctx.name()).start(ctx);
    }
}
