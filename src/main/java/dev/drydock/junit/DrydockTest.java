package dev.drydock.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against its own Drydock server: one per class (reset before each test) unless
 * {@link #serverPerTest()}. Tests take a {@link DrydockRuntimeInfo}, the {@code Drydock} itself, or (with
 * docker-java on the test classpath) a ready {@code com.github.dockerjava.api.DockerClient} as parameters.
 *
 * <pre>{@code
 * @DrydockTest
 * class MyTest {
 *     @Test
 *     void pings(DockerClient docker, Drydock drydock) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DrydockExtension.class)
public @interface DrydockTest {
    /** Highest API version served; empty for the default. */
    String apiVersion() default "";

    /** Lowest API version served; empty for the default. */
    String minApiVersion() default "";

    /** Seed for reproducible IDs; {@link Long#MIN_VALUE} for random IDs. */
    long idSeed() default Long.MIN_VALUE;

    /** How many requests the journal keeps; 0 turns it off. */
    int journalSize() default 1000;

    /** Which images a pull finds: any well-formed reference ({@code DEFAULT}) or only known ones ({@code STRICT}). */
    dev.drydock.registry.RegistryMode registryMode() default dev.drydock.registry.RegistryMode.DEFAULT;

    /** Host directories bind mounts may reach (see {@code DrydockConfig.bindRoots()}). */
    String[] bindRoots() default {};

    /** Whether the admin REST API answers under {@code /_drydock/}. */
    boolean admin() default true;

    /** A fresh server for every test instead of one per class. */
    boolean serverPerTest() default false;

    /** Reset the per-class server before each test. */
    boolean resetBeforeEach() default true;

    /** Further configuration (registry mode, images, programs... as they become available). */
    Class<? extends DrydockConfigurer> configurer() default DrydockConfigurer.None.class;
}
