/**
 * The JUnit 5 extension: {@link dev.drydock.junit.DrydockExtension} (programmatic, {@code @RegisterExtension}) and
 * {@link dev.drydock.junit.DrydockTest} (declarative). JUnit Jupiter API and docker-java are optional
 * dependencies: add {@code junit-jupiter} (and, for {@code DockerClient} injection, {@code docker-java-core} plus
 * {@code docker-java-transport-httpclient5}) to your test classpath.
 */
package dev.drydock.junit;
