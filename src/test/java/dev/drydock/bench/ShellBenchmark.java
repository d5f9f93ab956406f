package dev.drydock.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.drydock.Drydock;
import dev.drydock.DrydockConfig;
import dev.drydock.engine.containers.ContainerService;
import dev.drydock.engine.ImageService;
import dev.drydock.runtime.Rig;
import dev.drydock.runtime.SimProcess;
import dev.drydock.runtime.SimRuntime;
import dev.drydock.runtime.shell.ShellProgram;

/**
 * The shell section: threads held per idle container whose shell entrypoint loops on {@code sleep}, and the CPU
 * time the interpreter takes for a realistic 1,000-line script.
 */
final class ShellBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IDLE = 500;

    private ShellBenchmark() {
    }

    static void run() throws Exception {
        if (!Boolean.getBoolean("bench.shell.scriptOnly")) {
            idle("a shell loop on sleep", "while true; do sleep 5; done",
                "trap 'exit 0' TERM; while :; do sleep 1; done",
                "echo started; for i in $(seq 100); do echo $i; sleep 30; done");
            idle("a shell blocked in a pipeline or $(...)", "tail -f /dev/null | cat", "x=$(sleep 100); echo done",
                "while true; do echo ok | nc -l -p 8080; done",
                "sleep 3600 | while read l; do echo \"$l\"; done");
        }
        script();
    }

    /** Starts {@value #IDLE} idle shell containers of the given shapes and counts the threads they added. */
    private static void idle(String what, String... shapes) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Drydock d = Drydock.start(DrydockConfig.defaults())) {
            ImageService images = d.engine().images();
            images.planPull("busybox", "latest", null, null).forEach(images::completePull);
            ContainerService containers = d.engine().containers();
            // one container first, so the pools the daemon starts lazily are not counted
            String warm = containers.create(null, null, spec(shapes[0])).id();
            containers.start(warm);
            settle();
            int before = threads.getThreadCount();
            int busyBefore = busyThreads();
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < IDLE; i++) {
                String id = containers.create(null, null, spec(shapes[i % shapes.length])).id();
                containers.start(id);
                ids.add(id);
            }
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            settle();
            int after = threads.getThreadCount();
            int held = Math.max(0, busyThreads() - busyBefore);
            System.out.printf(Locale.ROOT, "shell: %d idle containers running %s (%d shapes) added"
                    + " %d threads (%.3f per container), of which %d not idle pool workers; %d threads inside the"
                    + " shell; started in %,d ms%n", IDLE, what, shapes.length, after - before,
                    (after - before) / (double) IDLE, held, Rig.threadsInShell().size(), startMillis);
            for (String id : ids) {
                containers.kill(id, "KILL");
            }
            containers.kill(warm, "KILL");
        }
    }

    private static JsonNode spec(String script) throws Exception {
        return JSON.readTree("{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\"," + JSON.writeValueAsString(script)
                + "]}");
    }

    /** Waits until no thread runs inside the shell (every container parked on its timer), at most 10 s. */
    private static void settle() throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Rig.threadsInShell().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
    }

    /** Live threads other than idle workers of a pool (which a pool keeps for a while after a burst). */
    private static int busyThreads() {
        int n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            boolean idle = false;
            for (StackTraceElement el : e.getValue()) {
                if (el.getMethodName().equals("getTask") && el.getClassName().endsWith("ThreadPoolExecutor")) {
                    idle = true;
                    break;
                }
            }
            n += idle ? 0 : 1;
        }
        return n;
    }

    /** A 1,000-line script of the kind entrypoints hold: functions, assignments, arithmetic, tests, loops. */
    static String thousandLines() {
        StringBuilder sb = new StringBuilder();
        sb.append("log() { echo \"$@\" > /dev/null; }\n");
        sb.append("bigger() { if [ \"$1\" -gt \"$2\" ]; then echo \"$1\"; else echo \"$2\"; fi; }\n");
        sb.append("total=0; count=0\n");
        int lines = 3;
        for (int i = 0; lines < 999; i++) {
            String[] block = {
                "name=svc" + i,
                "port=$((8000 + " + i + "))",
                "total=$((total + port % 7))",
                "if [ \"$port\" -gt 8060 ]; then tier=high; elif [ \"$port\" -gt 8030 ]; then tier=mid; else tier=low; fi",
                "case \"$tier\" in high) weight=3 ;; mid) weight=2 ;; *) weight=1 ;; esac",
                "log \"configured $name on port $port ($tier, weight $weight)\"",
                "j=0; while [ $j -lt 3 ]; do j=$((j + 1)); done",
                "for k in a b c; do key=\"${name}_$k\"; done",
                "[ -n \"$name\" ] && count=$((count + 1))",
                i % 10 == 0 ? "top=$(bigger \"$port\" 8040)" : "echo \"$name=$port\" >> /dev/null",
            };
            for (String l : block) {
                if (lines < 999) {
                    sb.append(l).append('\n');
                    lines++;
                }
            }
        }
        sb.append("echo \"$count $total\"\n");
        return sb.toString();
    }

    /**
     * CPU time of the interpreter for {@link #thousandLines}, measured on the thread it runs on: as a script
     * (from frames, resumable) and sourced with {@code .} from the EXIT trap (trap actions still take the recursive
     * walk every script took before).
     */
    private static void script() throws Exception {
        String script = thousandLines();
        int lines = script.split("\n").length;
        try (Rig rig = new Rig()) {
            rig.write("/bench.sh", script);
            // each form once to warm the JIT on both, then measured
            measure(rig, List.of("sh", "/bench.sh"));
            List<String> inTrap = List.of("sh", "-c", "trap '. /bench.sh' EXIT");
            measure(rig, inTrap);
            long[] frames = measure(rig, List.of("sh", "/bench.sh"));
            long[] recursive = measure(rig, inTrap);
            System.out.printf(Locale.ROOT, "shell: %,d-line script (functions, arithmetic, if/case, loops, echo >"
                    + " /dev/null): best %.2f ms, median %.2f ms CPU (50 runs after 100 warm-up; goal 20 ms); the"
                    + " same sourced with `.` in the EXIT trap (recursive walk): best %.2f ms, median %.2f ms%n", lines,
                    frames[0] / 1e6, frames[frames.length / 2] / 1e6, recursive[0] / 1e6,
                    recursive[recursive.length / 2] / 1e6);
        }
    }

    private static long[] measure(Rig rig, List<String> argv) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] spent = new long[1];
        rig.rt.programs().registerCommand("bench", ctx -> {
            long c0 = cpu.getCurrentThreadCpuTime();
            SimProcess sh = ctx.runtime().spawn(ctx, argv, ShellProgram.PROGRAM, ctx.env(), ctx.cwd(), ctx.stdin(),
                    ctx.stdout(), ctx.stderr(), true);
            spent[0] = cpu.getCurrentThreadCpuTime() - c0;
            return sh.exit().join();
        });
        for (int i = 0; i < 100; i++) {
            check(rig.rt.run(rig.spec("bench").build(), Duration.ofSeconds(30)));
        }
        long[] runs = new long[50];
        for (int i = 0; i < runs.length; i++) {
            check(rig.rt.run(rig.spec("bench").build(), Duration.ofSeconds(30)));
            runs[i] = spent[0];
        }
        Arrays.sort(runs);
        return runs;
    }

    private static void check(SimRuntime.Result r) {
        if (r.exitCode() != 0 || !r.stdout().equals("99 300\n")) {
            throw new IllegalStateException("the script printed " + r.stdout() + r.stderr());
        }
    }
}
