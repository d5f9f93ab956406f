package dev.drydock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.ImageService;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.exec.ExecInstance;
import dev.drydock.engine.exec.ExecOptions;
import dev.drydock.engine.exec.ExecService;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The container and exec hot paths of an embedded Drydock over HTTP (issues' performance goals): exec
 * create+start+inspect of {@code echo hi}, the full lifecycle of an {@code echo hi} container, 10,000 created
 * containers (heap and {@code GET /containers/json?all=1}), and {@code docker run --rm busybox true} through the
 * real docker CLI, compared with another Engine when one is given. Part of {@link ApiBenchmark}'s report.
 */
final class ContainerBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MANY = 10_000;
    /** {@code -Ddrydock.bench.engineOnly=true}: the exec and lifecycle sections skip HTTP (for profiling the engine). */
    private static final boolean ENGINE_ONLY = Boolean.getBoolean("drydock.bench.engineOnly");

    private final int connections;
    private final int warmup;
    private final int seconds;

    ContainerBenchmark(int connections, int warmup, int seconds) {
        this.connections = connections;
        this.warmup = warmup;
        this.seconds = seconds;
    }

    private static Drydock startWithBusybox() {
        return startWithBusybox(DrydockConfig.defaults());
    }

    private static Drydock startWithBusybox(DrydockConfig config) {
        Drydock d = Drydock.start(config);
        ImageService images = d.engine().images();
        images.planPull("busybox", "latest", null, null).forEach(images::completePull);
        return d;
    }

    /** exec create + start (attached, 200 stream) + inspect of {@code echo hi} in one running container. */
    void exec() throws Exception {
        try (Drydock d = startWithBusybox()) {
            ContainerService containers = d.engine().containers();
            String id = containers.create("execbench", null,
                    JSON.readTree("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000000\"]}")).id();
            containers.start(id);
            byte[] create = BenchConnection.request("POST", "/v1.41/containers/" + id + "/exec",
                    "{\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"echo\",\"hi\"]}");
            KeepAliveLoad.Result r = ENGINE_ONLY ? null : KeepAliveLoad.steady(d.tcpUri(), connections, warmup, seconds, c -> {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                expect(c.exchange(create, body), 201, "exec create", body);
                String exec = JSON.readTree(body.toByteArray()).get("Id").asText();
                body.reset();
                expect(c.exchange(BenchConnection.request("POST", "/v1.41/exec/" + exec + "/start",
                        "{\"Detach\":false,\"Tty\":false}"), body), 200, "exec start", body);
                // One stdout frame: header 1,0,0,0, length 3, then "hi\n".
                if (body.size() != 11 || body.toByteArray()[8] != 'h') {
                    throw new IllegalStateException("exec start streamed " + Arrays.toString(body.toByteArray()));
                }
                body.reset();
                expect(c.exchange(BenchConnection.request("GET", "/v1.41/exec/" + exec + "/json"), body), 200,
                        "exec inspect", body);
                if (JSON.readTree(body.toByteArray()).get("ExitCode").asInt(-1) != 0) {
                    throw new IllegalStateException("exec inspect: " + body);
                }
            });
            if (r != null) {
                System.out.printf(Locale.ROOT, "exec: create+start+inspect of `echo hi` over HTTP %.0f per second"
                        + " (%d keep-alive connections, %d s after %.0f s of warm-up; p50 %.2f ms, p99 %.2f ms per exec)%n",
                        r.perSecond(), connections, seconds, r.warmupSeconds(), r.latency().quantileMillis(0.5),
                        r.latency().quantileMillis(0.99));
                cpu("exec", r);
            }
            ExecService execs = d.engine().execs();
            ExecOptions options = new ExecOptions(false, true, true, false, List.of(), List.of("echo", "hi"), "", "",
                    false, "", 0, 0);
            KeepAliveLoad.Result e = KeepAliveLoad.inEngine(connections, warmup, seconds, () -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ExecInstance x = execs.create(id, options);
                execs.start(execs.checkStartable(x.id()), out, out, 0, 0);
                if (x.finished().get() != 0 || out.size() != 3 || execs.get(x.id()).exitCode() != 0) {
                    throw new IllegalStateException("exec in the engine wrote " + out);
                }
            });
            System.out.printf(Locale.ROOT, "exec: the same in the engine alone (no HTTP, no rendering) %.0f per second"
                    + " (%d threads; p50 %.3f ms)%n", e.perSecond(), connections, e.latency().quantileMillis(0.5));
            cpu("exec (engine)", e);
        }
    }

    /** create, start, wait, logs, remove of an {@code echo hi} container, the sequence repeated per connection. */
    void lifecycle() throws Exception {
        try (Drydock d = startWithBusybox()) {
            byte[] create = BenchConnection.request("POST", "/v1.41/containers/create",
                    "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"]}");
            KeepAliveLoad.Result r = ENGINE_ONLY ? null : KeepAliveLoad.steady(d.tcpUri(), connections, warmup, seconds, c -> {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                expect(c.exchange(create, body), 201, "create", body);
                String id = JSON.readTree(body.toByteArray()).get("Id").asText();
                body.reset();
                String p = "/v1.41/containers/" + id;
                expect(c.exchange(BenchConnection.request("POST", p + "/start"), body), 204, "start", body);
                expect(c.exchange(BenchConnection.request("POST", p + "/wait"), body), 200, "wait", body);
                if (JSON.readTree(body.toByteArray()).get("StatusCode").asInt(-1) != 0) {
                    throw new IllegalStateException("wait: " + body);
                }
                body.reset();
                expect(c.exchange(BenchConnection.request("GET", p + "/logs?stdout=1&stderr=1"), body), 200,
                        "logs", body);
                if (body.size() != 11 || body.toByteArray()[8] != 'h') {
                    throw new IllegalStateException("logs: " + Arrays.toString(body.toByteArray()));
                }
                body.reset();
                expect(c.exchange(BenchConnection.request("DELETE", p), body), 204, "remove", body);
            });
            if (r != null) {
                System.out.printf(Locale.ROOT, "containers: lifecycle of `echo hi` (create, start, wait, logs, remove)"
                        + " over HTTP %.0f per second (%d keep-alive connections, %d s after %.0f s of warm-up; p50 %.2f ms,"
                        + " p99 %.2f ms)%n", r.perSecond(), connections, seconds, r.warmupSeconds(),
                        r.latency().quantileMillis(0.5), r.latency().quantileMillis(0.99));
                cpu("containers", r);
            }
            ContainerService containers = d.engine().containers();
            JsonNode spec = JSON.readTree("{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"]}");
            KeepAliveLoad.Result e = KeepAliveLoad.inEngine(connections, warmup, seconds, () -> {
                String id = containers.create(null, null, spec).id();
                containers.start(id);
                int code = containers.waitFor(id, ContainerService.WaitCondition.NOT_RUNNING).get();
                var logs = containers.get(id).log().entries();
                if (code != 0 || logs.size() != 1) {
                    throw new IllegalStateException("lifecycle in the engine: exit " + code + ", logs " + logs);
                }
                containers.remove(id, false, false);
            });
            System.out.printf(Locale.ROOT, "containers: the same lifecycle in the engine alone (no HTTP, no rendering)"
                    + " %.0f per second (%d threads; p50 %.3f ms)%n", e.perSecond(), connections,
                    e.latency().quantileMillis(0.5));
            cpu("containers (engine)", e);
        }
    }

    /** 10,000 created containers: used heap after GC, and the time of {@code GET /containers/json?all=1}. */
    void many() throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        try (Drydock d = startWithBusybox()) {
            ContainerService containers = d.engine().containers();
            JsonNode spec = JSON.readTree("{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"hi\"]}");
            containers.create(null, null, spec);
            long before = usedAfterGc(mem);
            long t0 = System.nanoTime();
            for (int i = 1; i < MANY; i++) {
                containers.create(null, null, spec);
            }
            long createMillis = (System.nanoTime() - t0) / 1_000_000;
            long after = usedAfterGc(mem);
            byte[] list = BenchConnection.request("GET", "/v1.41/containers/json?all=1");
            long[] times = new long[30];
            long cpu;
            int bytes;
            try (BenchConnection c = BenchConnection.open(d.tcpUri())) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                for (int i = 0; i < 10; i++) {
                    body.reset();
                    expect(c.exchange(list, body), 200, "list", body);
                }
                bytes = body.size();
                if (JSON.readTree(body.toByteArray()).size() != MANY) {
                    throw new IllegalStateException("list returned " + JSON.readTree(body.toByteArray()).size());
                }
                long cpu0 = processCpuNanos();
                for (int i = 0; i < times.length; i++) {
                    long t = System.nanoTime();
                    expect(c.exchange(list), 200, "list", null);
                    times[i] = System.nanoTime() - t;
                }
                cpu = processCpuNanos() - cpu0;
            }
            Arrays.sort(times);
            System.out.printf(Locale.ROOT, "containers: %,d created (engine) in %,d ms; used heap after GC %.1f MB"
                    + " (%.1f MB before the last %,d, %.1f KB each)%n", MANY, createMillis, after / 1e6, before / 1e6,
                    MANY - 1, (after - before) / 1024.0 / (MANY - 1));
            System.out.printf(Locale.ROOT, "containers: GET /containers/json?all=1 with %,d containers (%,d bytes):"
                    + " median %.1f ms, min %.1f ms, max %.1f ms (%d requests); %.1f CPU ms each (server and client);"
                    + " load average %.1f%n", MANY, bytes, times[times.length / 2] / 1e6, times[0] / 1e6,
                    times[times.length - 1] / 1e6, times.length, cpu / 1e6 / times.length,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The run's CPU cost, which (unlike its rate) other processes on the machine do not change. */
    private static void cpu(String section, KeepAliveLoad.Result r) {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%s: %.3f CPU ms each (server and client threads of this JVM): at most %.0f"
                + " per second on %d otherwise idle cores; load average now %.1f%n", section,
                r.cpuMillisPerRequest(), cores * 1000 / r.cpuMillisPerRequest(), cores,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /**
     * {@code docker run --rm busybox true} through the real docker CLI against an embedded Drydock and, when
     * {@code reference} is given, the same command against that Engine; both timed the same way, as whole CLI
     * invocations, beside the CLI's own start cost ({@code docker --version}, no daemon contact). Drydock first
     * serves {@code 2 * runs} unmeasured runs: a long-running Engine has its code paths warm, a fresh JVM not.
     */
    /**
     * {@code docker run --rm busybox true} through the real CLI, timed from process start to exit: against a fresh
     * Drydock; then, once Drydock is warm (the same five requests the CLI sends, repeated until CPU per run stops
     * falling, as a long-lived daemon or a test suite's shared server is), in turn against Drydock, the CLI's floor
     * ({@link CliFloor}, a server that answers at once) and the reference Engine, so all three see the same load.
     */
    void cli(URI reference, int runs) throws Exception {
        String docker = findDocker();
        if (docker == null) {
            System.out.println("cli: SKIPPED — no docker CLI on PATH (set DOCKER_CLI to its path)");
            return;
        }
        java.nio.file.Path sock = java.nio.file.Files.createTempFile("drydock-bench", ".sock");
        java.nio.file.Files.delete(sock);
        try (Drydock d = startWithBusybox(DrydockConfig.builder().host("unix://" + sock).build());
             CliFloor floor = CliFloor.start()) {
            URI host = d.unixUri().orElseThrow();
            long[] own = time(docker, null, runs, "--version");
            long[] fresh = time(docker, host.toString(), runs, "run", "--rm", "busybox", "true");
            System.out.printf(Locale.ROOT, "cli: `docker --version` (CLI start alone) median %.1f ms; `docker run"
                    + " --rm busybox true` against a fresh Drydock (its first %d runs after one) median %.1f ms (min %.1f,"
                    + " max %.1f)%n", median(own), runs, median(fresh), fresh[0] / 1e6, fresh[fresh.length - 1] / 1e6);
            if (!ENGINE_ONLY) {
                KeepAliveLoad.Result w = KeepAliveLoad.steady(host, 2, warmup, seconds, c -> cliRun(c, host));
                System.out.printf(Locale.ROOT, "cli: warm-up: the CLI's five requests over HTTP, %.0f runs per second"
                        + " on 2 connections after %.0f s; p50 %.2f ms per run%n", w.perSecond(), w.warmupSeconds(),
                        w.latency().quantileMillis(0.5));
                cpu("cli", w);
            }
            List<String> hosts = new java.util.ArrayList<>(List.of(host.toString(), floor.uri().toString()));
            if (reference != null) {
                hosts.add(reference.toString());
            }
            long[][] t = new long[hosts.size()][runs];
            for (int i = -1; i < runs; i++) {
                for (int h = 0; h < hosts.size(); h++) {
                    long n = timeOnce(docker, hosts.get(h), "run", "--rm", "busybox", "true");
                    if (i >= 0) {
                        t[h][i] = n;
                    }
                }
            }
            for (long[] x : t) {
                Arrays.sort(x);
            }
            System.out.printf(Locale.ROOT, "cli: `docker run --rm busybox true` in turn, %d runs each: warm Drydock"
                    + " median %.1f ms (min %.1f); the CLI's floor (a server answering at once) median %.1f ms (min %.1f)"
                    + "%n", runs, median(t[0]), t[0][0] / 1e6, median(t[1]), t[1][0] / 1e6);
            if (reference == null) {
                System.out.println("cli: reference comparison SKIPPED — no reference Engine given (--reference-host"
                        + " URI or DRYDOCK_BENCH_REFERENCE_HOST, e.g. unix:///tmp/drydock-ref/docker.sock)");
                return;
            }
            System.out.printf(Locale.ROOT, "cli: the same against %s median %.1f ms: warm Drydock %.1fx faster, fresh"
                    + " Drydock %.1fx, the floor %.1fx (goal 15x)%n", reference, median(t[2]), median(t[2]) / median(t[0]),
                    median(t[2]) / median(fresh), median(t[2]) / median(t[1]));
        } catch (IllegalStateException e) {
            System.out.println("cli: FAILED — " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
        }
    }

    /** What {@code docker run --rm busybox true} sends, in its order: ping, create, attach, wait, start. */
    private static void cliRun(BenchConnection c, URI host) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        expect(c.exchange(BenchConnection.request("HEAD", "/_ping")), 200, "ping", null);
        expect(c.exchange(CLI_CREATE, body), 201, "create", body);
        String p = "/v1.50/containers/" + JSON.readTree(body.toByteArray()).get("Id").asText();
        body.reset();
        try (BenchConnection attach = BenchConnection.open(host); BenchConnection wait = BenchConnection.open(host)) {
            attach.send((("POST " + p + "/attach?stderr=1&stdout=1&stream=1 HTTP/1.1\r\nHost: docker\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n")).getBytes(StandardCharsets.ISO_8859_1));
            expect(attach.receive(null), 101, "attach", null);
            wait.send(BenchConnection.request("POST", p + "/wait?condition=removed"));
            expect(wait.head(), 200, "wait", null);
            expect(c.exchange(BenchConnection.request("POST", p + "/start"), body), 204, "start", body);
            wait.body(body);
            if (JSON.readTree(body.toByteArray()).get("StatusCode").asInt(-1) != 0) {
                throw new IllegalStateException("wait: " + body);
            }
            attach.drain();
        }
    }

    /** The create body the docker CLI 28 sends for {@code docker run --rm busybox true}, field for field. */
    private static final byte[] CLI_CREATE = BenchConnection.request("POST", "/v1.50/containers/create", """
            {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,\
            "Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["true"],"Image":"busybox","Volumes":{},\
            "WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},"HostConfig":{"Binds":null,\
            "ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},\
            "RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":true,"VolumeDriver":"",\
            "VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],\
            "DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,\
            "OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,\
            "SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,\
            "NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],\
            "BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,\
            "CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],\
            "DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,\
            "MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,\
            "IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},\
            "NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,\
            "MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"",\
            "IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,\
            "DNSNames":null}}}}""");

    private static String findDocker() {
        String explicit = System.getenv("DOCKER_CLI");
        if (explicit != null && !explicit.isEmpty()) {
            return explicit;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.io.File f = new java.io.File(dir, "docker");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** Sorted wall times of {@code runs} invocations, after one unmeasured run; a failing run throws. */
    private static long[] time(String docker, String host, int runs, String... args) throws Exception {
        long[] t = new long[runs];
        for (int i = -1; i < runs; i++) {
            long n = timeOnce(docker, host, args);
            if (i >= 0) {
                t[i] = n;
            }
        }
        Arrays.sort(t);
        return t;
    }

    /** The wall time of one CLI invocation, process start to exit, with {@code DOCKER_HOST} set when not null. */
    private static long timeOnce(String docker, String host, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = docker;
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DOCKER_CONTEXT");
        if (host != null) {
            pb.environment().put("DOCKER_HOST", host);
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("`docker " + String.join(" ", args) + "` against " + host
                    + " failed: " + new String(out, StandardCharsets.UTF_8).trim());
        }
        return System.nanoTime() - t0;
    }

    private static double median(long[] sorted) {
        return sorted[sorted.length / 2] / 1e6;
    }

    private static void expect(int status, int expected, String what, ByteArrayOutputStream body) {
        if (status != expected) {
            throw new IllegalStateException(what + " answered " + status
                    + (body == null ? "" : ": " + body.toString(StandardCharsets.UTF_8)));
        }
    }
}
