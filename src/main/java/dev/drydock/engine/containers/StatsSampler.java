package dev.drydock.engine.containers;

import dev.drydock.engine.networks.NetworkService;
import dev.drydock.net.InterfaceCounters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /containers/{id}/stats} samples in the Engine's JSON shape (cgroup v1 keys, as dockerd 20.10 gives).
 *
 * <p>Counters are a pure function of the container's simulated state at an instant: CPU time grows with the
 * run's uptime and with the bytes its processes wrote, memory follows its process count and output, so two
 * samples of one run are monotonic without any per-container bookkeeping. The network counters are the virtual
 * network's real ones (what the container's connections and pings put on each interface). A container that does not run gets
 * dockerd's zeroed sample (read and preread at Go's zero time).
 */
public final class StatsSampler {
    /** A process that sits idle still costs the cgroup a little CPU: 0.2% of one CPU. */
    private static final long IDLE_DIVISOR = 500;
    /** CPU nanoseconds per byte a process writes (formatting, the write syscall, the log driver). */
    private static final long NANOS_PER_BYTE = 5_000;
    private static final long STARTUP_CPU_NANOS = 2_000_000;
    private static final long TICK_NANOS = 10_000_000;
    private static final long BASE_MEMORY = 512 * 1024;
    private static final long MEMORY_PER_PROCESS = 256 * 1024;
    /** The cgroup's "no limit" as cgroup v1 reports it (hierarchical_memory_limit). */
    private static final long NO_LIMIT = 9223372036854771712L;

    private final Clock clock;
    private final NetworkService networks;
    private final long hostMemory;
    private final int cpus;
    /** The simulated host booted a day before the sampler was made: system_cpu_usage counts from there. */
    private final Instant boot;

    /**
     * @param hostMemory the memory limit of a container without one (the host's total, as /info's MemTotal)
     * @param cpus       online CPUs (as /info's NCPU)
     */
    public StatsSampler(Clock clock, NetworkService networks, long hostMemory, int cpus) {
        this.clock = clock;
        this.networks = networks;
        this.hostMemory = hostMemory;
        this.cpus = Math.max(1, cpus);
        this.boot = clock.instant().minus(Duration.ofDays(1));
    }

    /** Whether the container has a running cgroup to sample (paused counts: its cgroup is frozen, not gone). */
    public static boolean sampled(Container c) {
        return c.status().hasProcess() && c.process() != null;
    }

    /**
     * One sample as the stats endpoint sends it.
     *
     * @param previous the read time of the sample before it (preread, and precpu_stats at that instant); null
     *                 for none, as a stream's first sample and a one-shot have: both then stay zeroed
     */
    public Map<String, Object> sample(Container c, Instant previous) {
        if (!sampled(c)) {
            return zeroed(c);
        }
        Instant now = clock.instant();
        long written = c.log().written();
        List<LaunchedProcess.ProcessRow> procs = processes(c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", GoTime.rfc3339Nano(now));
        m.put("preread", GoTime.rfc3339Nano(previous == null ? Container.ZERO_TIME : previous));
        Map<String, Object> pids = new LinkedHashMap<>();
        pids.put("current", Math.max(1, procs.size()));
        long pidsLimit = c.hostConfig().path("PidsLimit").asLong(0);
        if (pidsLimit > 0) {
            pids.put("limit", pidsLimit);
        }
        m.put("pids_stats", pids);
        m.put("blkio_stats", blkio(true));
        m.put("num_procs", 0);
        m.put("storage_stats", Map.of());
        m.put("cpu_stats", cpu(c, now, written));
        m.put("precpu_stats", previous == null ? zeroCpu() : cpu(c, previous, written));
        m.put("memory_stats", memory(c, procs.size(), written));
        m.put("name", c.name());
        m.put("id", c.id());
        Map<String, Object> nets = networks(c);
        if (!nets.isEmpty()) {
            m.put("networks", nets);
        }
        return m;
    }

    private static List<LaunchedProcess.ProcessRow> processes(Container c) {
        LaunchedProcess p = c.process();
        try {
            return p == null ? List.of() : p.processes();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** dockerd's answer for a container without a running cgroup. */
    private static Map<String, Object> zeroed(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        String zero = GoTime.rfc3339Nano(Container.ZERO_TIME);
        m.put("read", zero);
        m.put("preread", zero);
        m.put("pids_stats", Map.of());
        m.put("blkio_stats", blkio(false));
        m.put("num_procs", 0);
        m.put("storage_stats", Map.of());
        m.put("cpu_stats", zeroCpu());
        m.put("precpu_stats", zeroCpu());
        m.put("memory_stats", Map.of());
        m.put("name", c.name());
        m.put("id", c.id());
        return m;
    }

    private static Map<String, Object> blkio(boolean running) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("io_service_bytes_recursive", "io_serviced_recursive", "io_queue_recursive",
                "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive",
                "sectors_recursive")) {
            m.put(k, running ? List.of() : null);
        }
        return m;
    }

    private static Map<String, Object> zeroCpu() {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_usage", 0);
        usage.put("usage_in_kernelmode", 0);
        usage.put("usage_in_usermode", 0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_usage", usage);
        m.put("throttling_data", throttling());
        return m;
    }

    private static Map<String, Object> throttling() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("periods", 0);
        t.put("throttled_periods", 0);
        t.put("throttled_time", 0);
        return t;
    }

    /** The run's CPU time at {@code at}: startup, idle share of its uptime, and its output. */
    long cpuNanos(Container c, Instant at, long written) {
        long up = Math.max(0, Duration.between(c.startedAt(), at).toNanos());
        return STARTUP_CPU_NANOS + up / IDLE_DIVISOR + written * NANOS_PER_BYTE;
    }

    private Map<String, Object> cpu(Container c, Instant at, long written) {
        long total = cpuNanos(c, at, written);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_usage", total);
        List<Long> perCpu = new ArrayList<>();
        long rest = total;
        for (int i = 0; i < cpus; i++) {
            long share = i == cpus - 1 ? rest : total / (2L << i);
            perCpu.add(share);
            rest -= share;
        }
        usage.put("percpu_usage", perCpu);
        // The kernel accounts user/system time in scheduler ticks.
        usage.put("usage_in_kernelmode", total * 3 / 10 / TICK_NANOS * TICK_NANOS);
        usage.put("usage_in_usermode", total * 7 / 10 / TICK_NANOS * TICK_NANOS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_usage", usage);
        m.put("system_cpu_usage", Math.max(0, Duration.between(boot, at).toNanos()) * cpus);
        m.put("online_cpus", cpus);
        m.put("throttling_data", throttling());
        return m;
    }

    private Map<String, Object> memory(Container c, int processes, long written) {
        long limit = c.hostConfig().path("Memory").asLong(0);
        long effective = limit > 0 ? Math.min(limit, hostMemory) : hostMemory;
        long rss = BASE_MEMORY / 4 + (long) Math.max(1, processes) * MEMORY_PER_PROCESS / 2;
        long cache = Math.min(written, 4L * 1024 * 1024) / 4096 * 4096;
        long usage = Math.min(effective, BASE_MEMORY + (long) Math.max(1, processes) * MEMORY_PER_PROCESS + cache);
        long pgfault = 1000 + written / 64 + processes * 100L;
        Map<String, Object> st = new LinkedHashMap<>();
        long hierarchical = limit > 0 ? limit : NO_LIMIT;
        st.put("active_anon", rss / 8 / 4096 * 4096);
        st.put("active_file", 0);
        st.put("cache", cache);
        st.put("dirty", 0);
        st.put("hierarchical_memory_limit", hierarchical);
        st.put("hierarchical_memsw_limit", NO_LIMIT);
        st.put("inactive_anon", rss / 2 / 4096 * 4096);
        st.put("inactive_file", cache);
        st.put("mapped_file", 0);
        st.put("pgfault", pgfault);
        st.put("pgmajfault", 0);
        st.put("pgpgin", pgfault * 2 / 3);
        st.put("pgpgout", pgfault * 2 / 3 - usage / 4096 / 8);
        st.put("rss", rss / 4096 * 4096);
        st.put("rss_huge", 0);
        st.put("total_active_anon", rss / 8 / 4096 * 4096);
        st.put("total_active_file", 0);
        st.put("total_cache", cache);
        st.put("total_dirty", 0);
        st.put("total_inactive_anon", rss / 2 / 4096 * 4096);
        st.put("total_inactive_file", cache);
        st.put("total_mapped_file", 0);
        st.put("total_pgfault", pgfault);
        st.put("total_pgmajfault", 0);
        st.put("total_pgpgin", pgfault * 2 / 3);
        st.put("total_pgpgout", pgfault * 2 / 3 - usage / 4096 / 8);
        st.put("total_rss", rss / 4096 * 4096);
        st.put("total_rss_huge", 0);
        st.put("total_unevictable", 0);
        st.put("total_writeback", 0);
        st.put("unevictable", 0);
        st.put("writeback", 0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usage", usage);
        m.put("max_usage", Math.min(effective, usage + 3L * 1024 * 1024));
        m.put("stats", st);
        m.put("limit", effective);
        return m;
    }

    /**
     * One interface per network the container joined (eth0, eth1, ... as inside the container), with what its
     * processes really sent and received through the virtual network; loopback is left out, as dockerd does, and
     * so is every interface with host, none or another container's networking.
     */
    private Map<String, Object> networks(Container c) {
        Map<String, Object> out = new LinkedHashMap<>();
        String mode = c.hostConfig().path("NetworkMode").asText("");
        if (mode.equals("host") || mode.equals("none") || mode.startsWith("container:")) {
            return out;
        }
        for (Map.Entry<String, InterfaceCounters.Snapshot> e : networks.fabric().statistics(c.id()).entrySet()) {
            if (e.getKey().equals("lo")) {
                continue;
            }
            InterfaceCounters.Snapshot s = e.getValue();
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("rx_bytes", s.rxBytes());
            n.put("rx_packets", s.rxPackets());
            n.put("rx_errors", 0);
            n.put("rx_dropped", 0);
            n.put("tx_bytes", s.txBytes());
            n.put("tx_packets", s.txPackets());
            n.put("tx_errors", 0);
            n.put("tx_dropped", 0);
            out.put(e.getKey(), n);
        }
        return out;
    }
}
