package dev.drydock.packaging;

import dev.drydock.build.DockerfileParser;
import dev.drydock.build.Instruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drydock's own Dockerfile (read with the project's Dockerfile parser) builds the jar in one stage and runs
 * it, unprivileged, from a JRE-only stage.
 */
class DockerfileTest {
    private static Path project;
    private static List<List<Instruction>> stages;

    @BeforeAll
    static void parse() throws IOException {
        project = Path.of(System.getProperty("drydock.project.dir", System.getProperty("user.dir")));
        List<Instruction> all = DockerfileParser.parse(Files.readString(project.resolve("Dockerfile"))).instructions();
        stages = new ArrayList<>();
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages).as("an instruction before the first FROM: %s", i.original()).isNotEmpty();
            stages.get(stages.size() - 1).add(i);
        }
    }

    private static List<Instruction> finalStage() {
        return stages.get(stages.size() - 1);
    }

    private static List<Instruction> all(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static String words(Instruction i) {
        return String.join(" ", i.args());
    }

    @Test
    void buildsInANamedMavenStageThenRunsInAnother() {
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(words(stages.get(0).get(0))).matches("(?i)\\S*maven\\S*\\s+AS\\s+build");
        assertThat(all(stages.get(0), "RUN")).anySatisfy(r -> assertThat(words(r))
                .contains("mvn").contains("package").contains("-DskipTests"));
        assertThat(words(finalStage().get(0))).doesNotContainIgnoringCase("maven").doesNotContainIgnoringCase("jdk");
    }

    @Test
    void finalStageTakesOnlyTheJarFromTheBuild() {
        assertThat(all(finalStage(), "COPY")).anySatisfy(c -> {
            assertThat(c.flags()).containsEntry("from", "build");
            assertThat(words(c)).contains("target/drydock.jar");
        });
    }

    @Test
    void runsAsANonRootUser() {
        List<Instruction> users = all(finalStage(), "USER");
        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = users.get(users.size() - 1).arg().split(":")[0].strip();
        assertThat(user).isNotIn("root", "0", "");
    }

    @Test
    void exposesTheDockerPort() {
        assertThat(all(finalStage(), "EXPOSE")).anySatisfy(e -> assertThat(words(e).split("\\s+")).contains("2375"));
    }

    @Test
    void entrypointRunsTheJarAndCmdHoldsTheListenFlags() {
        List<Instruction> entrypoints = all(finalStage(), "ENTRYPOINT");
        List<Instruction> cmds = all(finalStage(), "CMD");
        assertThat(entrypoints).hasSize(1);
        assertThat(cmds).hasSize(1);
        Instruction entry = entrypoints.get(0);
        assertThat(entry.json()).as("ENTRYPOINT in exec form, so signals reach java: %s", entry.original()).isTrue();
        List<String> argv = entry.args();
        assertThat(argv.get(0)).isIn("java", "/usr/bin/java", "/opt/java/openjdk/bin/java");
        int jar = argv.indexOf("-jar");
        assertThat(jar).as("-jar in %s", argv).isPositive();
        assertThat(argv.get(jar + 1)).endsWith("drydock.jar");
        String copiedTo = all(finalStage(), "COPY").stream().filter(c -> words(c).contains("drydock.jar"))
                .map(c -> c.args().get(c.args().size() - 1)).findFirst().orElse("");
        assertThat(argv.get(jar + 1)).as("the jar the final stage copied in").isEqualTo(copiedTo);
        Instruction cmd = cmds.get(0);
        assertThat(cmd.json()).as("CMD in exec form: %s", cmd.original()).isTrue();
        int h = cmd.args().indexOf("-H");
        assertThat(h).as("-H in CMD %s", cmd.args()).isGreaterThanOrEqualTo(0);
        assertThat(cmd.args().get(h + 1)).isEqualTo("tcp://0.0.0.0:2375");
    }

    @Test
    void dockerignoreKeepsBuildOutputAndHistoryOut() throws IOException {
        List<String> ignored = Files.readAllLines(project.resolve(".dockerignore")).stream().map(String::strip).toList();
        assertThat(ignored).contains("target", ".git");
    }
}
