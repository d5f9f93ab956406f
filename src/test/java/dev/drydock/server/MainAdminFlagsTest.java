package dev.drydock.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin-related command-line flags. */
class MainAdminFlagsTest {
    @Test
    void noAdminAndJournalSize() {
        Main main = new Main();
        new CommandLine(main).parseArgs("--no-admin", "--journal-size", "5");
        assertThat(main.noAdmin).isTrue();
        assertThat(main.journalSize).isEqualTo(5);

        Main defaults = new Main();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.noAdmin).isFalse();
        assertThat(defaults.journalSize).isEqualTo(1000);
    }
}
