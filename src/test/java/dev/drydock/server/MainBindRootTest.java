package dev.drydock.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code --bind-root} flag of the command line. */
class MainBindRootTest {
    @Test
    void bindRootIsRepeatableAndAbsentByDefault() {
        Main main = new Main();
        new CommandLine(main).parseArgs("--bind-root", "/srv/a", "--bind-root", "/srv/b");
        assertThat(main.bindRoots).containsExactly(Path.of("/srv/a"), Path.of("/srv/b"));
        Main plain = new Main();
        new CommandLine(plain).parseArgs();
        assertThat(plain.bindRoots).isEmpty();
    }
}
