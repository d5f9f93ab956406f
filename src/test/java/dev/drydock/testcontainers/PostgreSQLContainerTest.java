package dev.drydock.testcontainers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Testcontainers' own PostgreSQLContainer starts on Drydock (it waits for the ready line twice, then for its
 * JDBC test query) and hands out a JDBC URL on which the real driver runs {@code SELECT 1}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgreSQLContainerTest {
    @Test
    void startsAndAnswersSelectOne() throws Exception {
        try (PostgreSQLContainer pg = new PostgreSQLContainer("postgres:16-alpine")) {
            pg.start();
            try (Connection c = DriverManager.getConnection(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
                 ResultSet r = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(1);
                assertThat(c.getMetaData().getDatabaseProductVersion()).isEqualTo("16.10");
            }
        }
    }
}
