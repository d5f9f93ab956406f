package dev.drydock.junit;

import dev.drydock.admin.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static dev.drydock.admin.DrydockDsl.exactly;
import static dev.drydock.admin.DrydockDsl.getRequestedFor;
import static dev.drydock.admin.DrydockDsl.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** With JUnit's parallel execution on, test classes run at once, each against its own server. */
class ParallelClassesTest {
    static final Map<String, Integer> portByClass = new ConcurrentHashMap<>();
    /** Both classes must be inside a test at the same time to pass it: proof they ran in parallel. */
    static volatile CyclicBarrier together;

    @Test
    void parallelClassesEachGetTheirOwnServer() {
        together = new CyclicBarrier(2);
        portByClass.clear();
        LauncherDiscoveryRequest discovery = request()
                .selectors(selectClass(ClassA.class), selectClass(ClassB.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(discovery, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.getFailures().forEach(f -> f.getException().printStackTrace());
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(portByClass).containsOnlyKeys("A", "B");
        assertThat(portByClass.get("A")).isNotEqualTo(portByClass.get("B"));
    }

    /** Fixture run by the launcher above (nested classes are not picked up by Surefire on their own). */
    static class ClassA {
        @RegisterExtension
        static DrydockExtension drydock = DrydockExtension.newInstance().build();

        @Test
        void run() throws Exception {
            exercise("A", drydock);
        }
    }

    static class ClassB {
        @RegisterExtension
        static DrydockExtension drydock = DrydockExtension.newInstance().build();

        @Test
        void run() throws Exception {
            exercise("B", drydock);
        }
    }

    static void exercise(String name, DrydockExtension drydock) throws Exception {
        portByClass.put(name, drydock.port());
        // A fault in one server must not leak into the other.
        drydock.faults().add(Fault.on("GET", "/_ping").respond(name.equals("A") ? 500 : 503));
        together.await(30, TimeUnit.SECONDS);
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + drydock.port() + "/_ping")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(name.equals("A") ? 500 : 503);
        drydock.verify(exactly(1), getRequestedFor(urlPathEqualTo("/_ping")));
    }
}
