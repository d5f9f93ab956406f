package dev.drydock.build;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerfileParserTest {

    @Test
    void parsesTheClassicPythonAppShape() {
        var df = DockerfileParser.parse("""
                # syntax=docker/dockerfile:1
                FROM ubuntu:22.04 AS base
                WORKDIR /app
                COPY requirements.txt .
                COPY . .
                RUN pip install -r requirements.txt
                ENTRYPOINT ["python3"]
                CMD ["app.py"]
                """);
        assertThat(df.directives()).containsEntry("syntax", "docker/dockerfile:1");
        assertThat(df.instructions()).extracting(Instruction::keyword)
                .containsExactly("FROM", "WORKDIR", "COPY", "COPY", "RUN", "ENTRYPOINT", "CMD");
        Instruction from = df.instructions().get(0);
        assertThat(from.args()).containsExactly("ubuntu:22.04", "AS", "base");
        Instruction entry = df.instructions().get(5);
        assertThat(entry.json()).isTrue();
        assertThat(entry.args()).containsExactly("python3");
        Instruction run = df.instructions().get(4);
        assertThat(run.json()).isFalse();
        assertThat(run.args()).containsExactly("pip install -r requirements.txt");
        assertThat(run.line()).isEqualTo(6);
    }

    @Test
    void joinsContinuationsAndDropsCommentsInside() {
        var df = DockerfileParser.parse("FROM busybox\nRUN echo a \\\n# a comment\n\n    && echo b\nrun echo c\n");
        assertThat(df.instructions().get(1).args()).containsExactly("echo a && echo b");
        assertThat(df.instructions().get(2).keyword()).isEqualTo("RUN");
        assertThat(df.instructions().get(2).line()).isEqualTo(6);
    }

    @Test
    void honoursTheBacktickEscapeDirective() {
        var df = DockerfileParser.parse("# escape=`\nFROM busybox\nRUN echo a `\n  b\nCOPY c:\\src d\n");
        assertThat(df.escape()).isEqualTo('`');
        assertThat(df.instructions().get(1).args()).containsExactly("echo a b");
        assertThat(df.instructions().get(2).args()).containsExactly("c:\\src", "d");
    }

    @Test
    void parsesFlagsAndKeyValues() {
        var df = DockerfileParser.parse("""
                FROM --platform=linux/amd64 busybox
                COPY --from=build --chown=1000:1000 /out/app /app
                ENV A=1 B="two words" C=3
                ENV LEGACY value with spaces
                LABEL "com.example.vendor"="ACME" version=1.0
                HEALTHCHECK --interval=5s CMD ["wget", "-q", "localhost"]
                HEALTHCHECK NONE
                ONBUILD RUN echo triggered
                """);
        assertThat(df.instructions().get(0).flags()).containsEntry("platform", "linux/amd64");
        assertThat(df.instructions().get(1).flags()).containsEntry("from", "build").containsEntry("chown", "1000:1000");
        assertThat(df.instructions().get(2).args()).containsExactly("A", "1", "B", "\"two words\"", "C", "3");
        assertThat(df.instructions().get(3).args()).containsExactly("LEGACY", "value with spaces");
        assertThat(df.instructions().get(4).args()).containsExactly("\"com.example.vendor\"", "\"ACME\"", "version", "1.0");
        assertThat(df.instructions().get(5).args()).containsExactly("CMD", "wget", "-q", "localhost");
        assertThat(df.instructions().get(5).flags()).containsEntry("interval", "5s");
        assertThat(df.instructions().get(6).args()).containsExactly("NONE");
        assertThat(df.instructions().get(7).onBuild().keyword()).isEqualTo("RUN");
    }

    @Test
    void malformedJsonFallsBackToShellForm() {
        var df = DockerfileParser.parse("FROM busybox\nCMD [\"echo\", hi]\n");
        assertThat(df.instructions().get(1).json()).isFalse();
        assertThat(df.instructions().get(1).args()).containsExactly("[\"echo\", hi]");
    }

    @Test
    void reportsTheDaemonsParseErrors() {
        assertThatThrownBy(() -> DockerfileParser.parse("FROM busybox\nFOO bar\n"))
                .hasMessage("dockerfile parse error line 2: unknown instruction: FOO");
        assertThatThrownBy(() -> DockerfileParser.parse("FROM busybox\nENV a=1 b\n"))
                .hasMessageContaining("Syntax error - can't find = in \"b\". Must be of the form: name=value");
        assertThatThrownBy(() -> DockerfileParser.parse("FROM busybox\nCOPY onlyone\n"))
                .hasMessageContaining("COPY requires at least two arguments");
        // The classic builder has no heredocs: the body lines become unknown instructions.
        assertThatThrownBy(() -> DockerfileParser.parse("FROM busybox\nRUN <<EOF\necho hi\nEOF\n"))
                .hasMessage("dockerfile parse error line 3: unknown instruction: ECHO");
    }

    @Test
    void expandsVariablesWhereDockerDoes() {
        WordExpander x = new WordExpander('\\');
        Map<String, String> env = Map.of("NAME", "app", "EMPTY", "");
        assertThat(x.expand("/opt/$NAME/${NAME}.jar", env)).isEqualTo("/opt/app/app.jar");
        assertThat(x.expand("${MISSING:-default}", env)).isEqualTo("default");
        assertThat(x.expand("${EMPTY:-d}|${EMPTY-d}", env)).isEqualTo("d|");
        assertThat(x.expand("${NAME:+set}|${MISSING:+set}", env)).isEqualTo("set|");
        assertThat(x.expand("'$NAME' \"$NAME\" \\$NAME", env)).isEqualTo("$NAME app $NAME");
        assertThat(x.expandWords("80/tcp $PORTS", Map.of("PORTS", "443 8080"))).containsExactly("80/tcp", "443", "8080");
        assertThat(x.expandWords("\"a b\" c", Map.of())).isEqualTo(List.of("a b", "c"));
    }

    @Test
    void dockerIgnoreMatchesLikeTheDaemon() {
        DockerIgnore ig = DockerIgnore.parse("""
                # comment
                node_modules
                *.log
                **/*.tmp
                docs
                !docs/keep.md
                /build/
                """);
        assertThat(ig.excludes("node_modules/x/index.js")).isTrue();
        assertThat(ig.excludes("app.log")).isTrue();
        assertThat(ig.excludes("sub/app.log")).isFalse();
        assertThat(ig.excludes("a/b/c.tmp")).isTrue();
        assertThat(ig.excludes("c.tmp")).isTrue();
        assertThat(ig.excludes("docs/readme.md")).isTrue();
        assertThat(ig.excludes("docs/keep.md")).isFalse();
        assertThat(ig.excludes("build/out.bin")).isTrue();
        assertThat(ig.excludes("src/Main.java")).isFalse();
        assertThat(DockerIgnore.none().excludes("anything")).isFalse();
    }
}
