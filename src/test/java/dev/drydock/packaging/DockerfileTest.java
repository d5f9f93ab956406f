package dev.drydock.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The Dockerfile builds Drydock in one stage and runs it, unprivileged, from a JRE-only stage. */
class DockerfileTest {
    /** One instruction: keyword upper-cased, arguments with line continuations joined. */
    record Instruction(String keyword, String args) {
    }

    private static Path project;
    private static List<List<Instruction>> stages;

    @BeforeAll
    static void parse() throws IOException {
        project = Path.of(System.getProperty("drydock.project.dir", System.getProperty("user.dir")));
        stages = stages(instructions(Files.readString(project.resolve("Dockerfile"))));
    }

    static List<Instruction> instructions(String text) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String joined = current.toString().strip();
            current.setLength(0);
            int space = joined.indexOf(' ');
            out.add(new Instruction(joined.substring(0, space).toUpperCase(Locale.ROOT), joined.substring(space + 1).strip()));
        }
        return out;
    }

    static List<List<Instruction>> stages(List<Instruction> all) {
        List<List<Instruction>> out = new ArrayList<>();
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) {
                out.add(new ArrayList<>());
            }
            assertThat(out).as("an instruction before the first FROM: %s", i).isNotEmpty();
            out.get(out.size() - 1).add(i);
        }
        return out;
    }

    private static List<Instruction> finalStage() {
        return stages.get(stages.size() - 1);
    }

    private static List<Instruction> all(List<Instruction> stage, String keyword) {
        return stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static List<String> execForm(Instruction i) throws IOException {
        JsonNode arr = new ObjectMapper().readTree(i.args());
        assertThat(arr.isArray()).as("%s in exec form (a JSON array): %s", i.keyword(), i.args()).isTrue();
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void buildsInANamedMavenStageThenRunsInAnother() {
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        String from = stages.get(0).get(0).args();
        assertThat(from).matches("(?i)\\S*maven\\S*\\s+AS\\s+build");
        assertThat(all(stages.get(0), "RUN")).anySatisfy(r -> assertThat(r.args())
                .contains("mvn").contains("package").contains("-DskipTests"));
        assertThat(finalStage().get(0).args()).doesNotContainIgnoringCase("maven").doesNotContainIgnoringCase("jdk");
    }

    @Test
    void finalStageTakesOnlyTheJarFromTheBuild() {
        assertThat(all(finalStage(), "COPY")).anySatisfy(c -> assertThat(c.args())
                .startsWith("--from=build").contains("target/drydock.jar"));
    }

    @Test
    void runsAsANonRootUser() {
        List<Instruction> users = all(finalStage(), "USER");
        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = users.get(users.size() - 1).args().split(":")[0].strip();
        assertThat(user).isNotIn("root", "0", "");
    }

    @Test
    void exposesTheDockerPort() {
        assertThat(all(finalStage(), "EXPOSE")).anySatisfy(e -> assertThat(e.args().split("\\s+")).contains("2375"));
    }

    @Test
    void entrypointRunsTheJarAndCmdHoldsTheListenFlags() throws IOException {
        List<Instruction> entrypoints = all(finalStage(), "ENTRYPOINT");
        List<Instruction> cmds = all(finalStage(), "CMD");
        assertThat(entrypoints).hasSize(1);
        assertThat(cmds).hasSize(1);
        List<String> entry = execForm(entrypoints.get(0));
        assertThat(entry.get(0)).isIn("java", "/usr/bin/java", "/opt/java/openjdk/bin/java");
        int jar = entry.indexOf("-jar");
        assertThat(jar).as("-jar in %s", entry).isPositive();
        assertThat(entry.get(jar + 1)).endsWith("drydock.jar");
        String copied = all(finalStage(), "COPY").stream().filter(c -> c.args().contains("drydock.jar"))
                .map(c -> c.args().substring(c.args().lastIndexOf(' ') + 1)).findFirst().orElse("");
        assertThat(entry.get(jar + 1)).as("the jar the final stage copied in").isEqualTo(copied);
        List<String> cmd = execForm(cmds.get(0));
        int h = cmd.indexOf("-H");
        assertThat(h).as("-H in CMD %s", cmd).isGreaterThanOrEqualTo(0);
        assertThat(cmd.get(h + 1)).isEqualTo("tcp://0.0.0.0:2375");
    }

    @Test
    void dockerignoreKeepsBuildOutputAndHistoryOut() throws IOException {
        List<String> ignored = Files.readAllLines(project.resolve(".dockerignore")).stream().map(String::strip).toList();
        assertThat(ignored).contains("target", ".git");
    }

    @Test
    void parserJoinsContinuationsAndSkipsComments() {
        List<Instruction> parsed = instructions("# c\nFROM a AS build\nRUN one \\\n  two\n# mid\nUSER x\n");
        assertThat(parsed).containsExactly(new Instruction("FROM", "a AS build"), new Instruction("RUN", "one  two"),
                new Instruction("USER", "x"));
    }
}
