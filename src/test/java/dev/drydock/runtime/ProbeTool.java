package dev.drydock.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Dev tool (skipped unless -Dprobe=dir): runs each script in dir and writes NAME.out next to it. */
class ProbeTool {
    @Test
    void probe() throws Exception {
        String dir = System.getProperty("probe");
        Assumptions.assumeTrue(dir != null, "dev tool: pass -Dprobe=DIR to run");
        try (var files = Files.list(Path.of(dir))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".sh")).sorted().toList()) {
                try (Rig rig = new Rig()) {
                    rig.write("/tmp/data.txt", "b\na\nb\nc\n");
                    String out;
                    try {
                        var r = rig.rt.run(rig.spec("sh", "-c", Files.readString(p)).build(), java.time.Duration.ofSeconds(3));
                        out = r.stdout() + "--stderr--\n" + r.stderr() + "--rc=" + r.exitCode() + "\n";
                    } catch (Exception e) {
                        out = "TIMEOUT/ERROR " + e + "\n";
                    }
                    Files.writeString(Path.of(p + ".ours"), out);
                }
            }
        }
    }
}
