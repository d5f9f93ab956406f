package dev.drydock.admin;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the per-request cost of the one interception point: 100 fault rules that do not match plus a journal
 * record must stay far below the 10 µs budget (the bound here is loose on purpose; the benchmark is the judge).
 */
class MatchingCostTest {
    /** A request as the rules see it, with no I/O behind it. */
    private record View(String method, String rawPath, String path) implements RequestView {
        @Override
        public String queryParam(String name) {
            return null;
        }

        @Override
        public List<String> headerValues(String name) {
            return List.of();
        }

        @Override
        public String bodyText() {
            return "";
        }
    }

    @Test
    void hundredRulesAndAJournalRecordCostMicroseconds() {
        Faults faults = new Faults();
        for (int i = 0; i < 100; i++) {
            switch (i % 4) {
                case 0 -> faults.add(Fault.on("POST", "/containers/*/kill" + i).respond(500));
                case 1 -> faults.add(Fault.onRegex("GET", "/images/.*/json" + i).respond(500));
                case 2 -> faults.add(Fault.onRegex("ANY", "/(networks|volumes)/x" + i).respond(500));
                default -> faults.add(Fault.on("ANY", "/exec/" + i + "/start").respond(500));
            }
        }
        RequestJournal journal = new RequestJournal(1000, 1024);
        View[] requests = {
                new View("GET", "/v1.41/containers/json", "/containers/json"),
                new View("POST", "/v1.41/containers/abc/start", "/containers/abc/start"),
                new View("GET", "/v1.41/images/busybox/json", "/images/busybox/json"),
                new View("GET", "/_ping", "/_ping"),
        };
        String[] headers = {"Host", "docker", "User-Agent", "Docker-Client/28.2.2 (linux)"};
        Instant now = Instant.now();
        int rounds = 200_000;
        long best = Long.MAX_VALUE;
        int matched = 0;
        // Thread CPU time, not wall time: other processes on a loaded machine do not count against the budget.
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int run = 0; run < 5; run++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < rounds; i++) {
                View r = requests[i & 3];
                if (faults.apply(r) != null) {
                    matched++;
                }
                journal.store(new LoggedRequest(journal.nextId(), now, r.method(), r.rawPath(), r.path(), "1.41", null,
                        headers, "tcp", 1024));
            }
            best = Math.min(best, (cpu.getCurrentThreadCpuTime() - t0) / rounds);
        }
        System.out.println("100 rules + journal record: " + best + " CPU ns per request");
        assertThat(matched).isZero();
        // Loose on purpose: the machine is shared; this catches order-of-magnitude regressions (an O(n) journal, a
        // regex per rule per request), the benchmark judges the 10 µs budget.
        assertThat(best).isLessThan(50_000);
        assertThat(journal.all()).hasSize(1000);
    }
}
