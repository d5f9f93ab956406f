package dev.drydock.junit;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.admin.CountMatcher;
import dev.drydock.admin.Faults;
import dev.drydock.admin.LoggedRequest;
import dev.drydock.admin.RequestJournal;
import dev.drydock.admin.RequestPattern;
import dev.drydock.admin.Seed;
import dev.drydock.runtime.ContainerProgram;
import dev.drydock.runtime.ProgramRegistry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Drydock server for JUnit 5 tests, modelled on WireMock's {@code WireMockExtension}.
 *
 * <pre>{@code
 * // One server for the class, reset before each test:
 * @RegisterExtension
 * static DrydockExtension drydock = DrydockExtension.newInstance()
 *         .configure(c -> c.apiVersion("1.41"))
 *         .build();
 *
 * // Preloaded images, a program, seeded state and a fixed clock, back before every test:
 * @RegisterExtension
 * static DrydockExtension seeded = DrydockExtension.newInstance()
 *         .withImages("busybox", "nginx:1.27")
 *         .withProgram("acme/greeter:1", ctx -> { ctx.out("hello\n"); return 0; })
 *         .withSeed(Seed.create().container(Seed.containerDef("db").image("busybox").exited(0)))
 *         .withFixedClock(Instant.parse("2026-01-01T00:00:00Z"))
 *         .build();
 *
 * // One server per test: the same, as an instance field.
 * @RegisterExtension
 * DrydockExtension perTest = DrydockExtension.newInstance().build();
 * }</pre>
 *
 * Or declaratively with {@link DrydockTest}. Test methods (and constructors) can take a {@link DrydockRuntimeInfo},
 * the {@link Drydock} handle, or a ready docker-java {@code DockerClient} when docker-java is on the test
 * classpath. Servers live in JUnit's store, so parallel test classes each get their own.
 */
public final class DrydockExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DrydockExtension.class);
    private static final String DOCKER_CLIENT = "docker-client";

    /** How the server is configured: from the builder, or (declarative form) from the annotation. */
    private final Consumer<DrydockConfig.Builder> configurer;
    private final boolean resetBeforeEach;
    private final boolean declarative;
    /** The store key of this extension's server: one per programmatic instance, one for the annotation form. */
    private final Object key;
    /** The server a programmatic extension started, for the convenience methods below. */
    private volatile Drydock current;

    /** The declarative form ({@code @DrydockTest} / {@code @ExtendWith}): configuration comes from the annotation. */
    public DrydockExtension() {
        this.configurer = null;
        this.resetBeforeEach = true;
        this.declarative = true;
        this.key = DrydockTest.class;
    }

    private DrydockExtension(Builder b) {
        this.configurer = b.configurer;
        this.resetBeforeEach = b.resetBeforeEach;
        this.declarative = false;
        this.key = new Object();
    }

    /** Starts building a programmatic extension, for {@code @RegisterExtension}. */
    public static Builder newInstance() {
        return new Builder();
    }

    /** Builds a {@link DrydockExtension}. */
    public static final class Builder {
        private Consumer<DrydockConfig.Builder> configurer = c -> { };
        private boolean resetBeforeEach = true;

        private Builder() {
        }

        /** Adjusts the server configuration (API versions, id seed, journal size, admin on/off...). */
        public Builder configure(Consumer<DrydockConfig.Builder> c) {
            this.configurer = this.configurer.andThen(c);
            return this;
        }

        /**
         * Images every test starts with (pulled from the catalog, or any reference in the default registry mode);
         * a reset before each test brings them back.
         */
        public Builder withImages(String... refs) {
            Seed seed = Seed.create();
            for (String r : refs) {
                seed.image(r);
            }
            return withSeed(seed);
        }

        /**
         * Containers of {@code image} run {@code program} (a Java lambda) as their main process; the image exists
         * from the start (built on busybox, so {@code docker exec} finds a shell), also after each reset.
         */
        public Builder withProgram(String image, ContainerProgram program) {
            return configure(c -> c.imageProgram(image, program)
                    .seed(Seed.create().image(Seed.imageDef(image).from("busybox"))));
        }

        /** Registers programs by name (what an executable marker file runs) or by command, before seeding. */
        public Builder withPrograms(Consumer<ProgramRegistry> registration) {
            return configure(c -> c.programs(registration));
        }

        /** State every test starts from: images, networks, volumes with files, containers in given states. */
        public Builder withSeed(Seed seed) {
            return configure(c -> c.seed(seed));
        }

        /** A seed file, JSON or YAML. */
        public Builder withSeedFile(java.nio.file.Path file) {
            Seed seed = Seed.fromFile(file);
            return withSeed(seed);
        }

        /** The engine clock starts frozen at {@code start}, and each test starts there again. */
        public Builder withFixedClock(java.time.Instant start) {
            return configure(c -> c.fixedClock(start));
        }

        /** Whether a per-class server is reset before each test (default true). */
        public Builder resetBeforeEach(boolean reset) {
            this.resetBeforeEach = reset;
            return this;
        }

        public DrydockExtension build() {
            return new DrydockExtension(this);
        }
    }

    /** The running server; closed with the JUnit context that started it. */
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Drydock drydock;
        final DrydockRuntimeInfo info;

        Running(Drydock drydock) {
            this.drydock = drydock;
            this.info = new DrydockRuntimeInfo(drydock);
        }

        @Override
        public void close() {
            drydock.close();
        }
    }

    // --- lifecycle -------------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        if (declarative && annotation(context).map(DrydockTest::serverPerTest).orElse(false)) {
            return;
        }
        // A static field (or the annotation): one server for the class and its nested classes.
        if (find(context).isEmpty()) {
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Running> running = find(context);
        boolean perTest = declarative && annotation(context).map(DrydockTest::serverPerTest).orElse(false);
        if (running.isEmpty() || perTest) {
            // An instance field (or serverPerTest): beforeAll was never called for this server.
            start(context);
        } else if (resetBeforeEach()) {
            running.get().drydock.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // The store closes the server with the context that started it; nothing else to do.
        if (!declarative && find(context).isEmpty()) {
            current = null;
        }
    }

    private boolean resetBeforeEach() {
        return resetBeforeEach;
    }

    private Running start(ExtensionContext context) {
        DrydockConfig.Builder b = DrydockConfig.builder();
        if (declarative) {
            annotation(context).ifPresent(a -> apply(a, b));
        } else {
            configurer.accept(b);
        }
        Running running = new Running(Drydock.start(b.build()));
        context.getStore(NAMESPACE).put(key, running);
        if (!declarative) {
            current = running.drydock;
        }
        return running;
    }

    private static void apply(DrydockTest a, DrydockConfig.Builder b) {
        if (!a.apiVersion().isEmpty()) {
            b.apiVersion(a.apiVersion());
        }
        if (!a.minApiVersion().isEmpty()) {
            b.minApiVersion(a.minApiVersion());
        }
        if (a.idSeed() != Long.MIN_VALUE) {
            b.idSeed(a.idSeed());
        }
        for (String root : a.bindRoots()) {
            b.bindRoot(java.nio.file.Path.of(root));
        }
        b.journalSize(a.journalSize()).adminEnabled(a.admin()).registryMode(a.registryMode());
        try {
            a.configurer().getDeclaredConstructor().newInstance().configure(b);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the configurer " + a.configurer().getName()
                    + " (it needs a public no-argument constructor)", e);
        }
    }

    private static Optional<DrydockTest> annotation(ExtensionContext context) {
        Optional<ExtensionContext> c = Optional.of(context);
        while (c.isPresent()) {
            Optional<DrydockTest> a = c.get().getTestClass()
                    .flatMap(cls -> AnnotationSupport.findAnnotation(cls, DrydockTest.class));
            if (a.isPresent()) {
                return a;
            }
            c = c.get().getParent();
        }
        return Optional.empty();
    }

    private Optional<Running> find(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(key, Running.class));
    }

    // --- parameters ------------------------------------------------------------------------------------

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == DrydockRuntimeInfo.class || type == Drydock.class) {
            return true;
        }
        return type.getName().equals(DockerJavaClients.CLIENT_TYPE)
                && DockerJavaClients.available(type.getClassLoader());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // A constructor or @BeforeEach parameter may come before beforeEach started a per-test server.
        Running running = find(context).orElseGet(() -> start(context));
        Class<?> type = parameter.getParameter().getType();
        if (type == DrydockRuntimeInfo.class) {
            return running.info;
        }
        if (type == Drydock.class) {
            return running.drydock;
        }
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        DockerClientHolder holder = store.getOrComputeIfAbsent(List.of(key, DOCKER_CLIENT),
                k -> new DockerClientHolder(DockerJavaClients.create(running.drydock.tcpUri())), DockerClientHolder.class);
        if (holder == null) {
            throw new ParameterResolutionException("cannot create a DockerClient");
        }
        return holder.client;
    }

    /** Closes the docker-java client with the context it was made for. */
    private static final class DockerClientHolder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Object client;

        DockerClientHolder(Object client) {
            this.client = client;
        }

        @Override
        public void close() throws Exception {
            ((AutoCloseable) client).close();
        }
    }

    // --- conveniences for the programmatic form ---------------------------------------------------------

    /** The running server (programmatic form). */
    public Drydock drydock() {
        Drydock d = current;
        if (d == null) {
            throw new IllegalStateException(declarative
                    ? "the @DrydockTest form has no field to read: take a Drydock or DrydockRuntimeInfo parameter"
                    : "no Drydock server is running: use the extension from a test");
        }
        return d;
    }

    public DrydockRuntimeInfo runtimeInfo() {
        return new DrydockRuntimeInfo(drydock());
    }

    /** The TCP Docker host, {@code tcp://127.0.0.1:PORT}. */
    public URI tcpHost() {
        return drydock().tcpUri();
    }

    public int port() {
        return drydock().port();
    }

    public Faults faults() {
        return drydock().faults();
    }

    public RequestJournal journal() {
        return drydock().journal();
    }

    public void verify(CountMatcher expected, RequestPattern pattern) {
        drydock().verify(expected, pattern);
    }

    public void verify(RequestPattern pattern) {
        drydock().verify(pattern);
    }

    public List<LoggedRequest> findAll(RequestPattern pattern) {
        return drydock().findAll(pattern);
    }

    public void reset() {
        drydock().reset();
    }

    /** Creates more state for this test (a reset before the next test forgets it); see {@link Seed}. */
    public java.util.Map<String, Object> seed(Seed seed) {
        return drydock().seed(seed);
    }

    /** The engine clock: set, freeze and advance it so timestamps and status text are reproducible. */
    public dev.drydock.engine.ControllableClock clock() {
        return drydock().clock();
    }
}
