package dev.drydock.integration;

import dev.drydock.Drydock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static dev.drydock.integration.Wired.api;
import static dev.drydock.integration.Wired.create;
import static dev.drydock.integration.Wired.pull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real PostgreSQL JDBC driver (pgjdbc) through a published port into the postgres program: it connects
 * (SSL refused, trust), runs literal SELECTs and SHOW over the extended protocol (also server-side prepared,
 * in binary), and anything more is a loud 0A000 error, after which the connection still works.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresJdbcTest {
    static Drydock d;
    static String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        d = Wired.start();
        pull(d, "postgres", "16");
        create(d, "pg", "{\"Image\":\"postgres:16\",\"Env\":[\"POSTGRES_PASSWORD=pw\"],\"HostConfig\":"
                + "{\"PortBindings\":{\"5432/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}}}");
        api(d).post("/containers/pg/start").then().statusCode(204);
        String port = api(d).get("/containers/pg/json").path("NetworkSettings.Ports.'5432/tcp'[0].HostPort");
        url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!api(d).queryParam("stderr", true).get("/containers/pg/logs").asString()
                .contains("port 5432")) {
            assertThat(Instant.now()).as("postgres never listened").isBefore(deadline);
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        if (d != null) {
            d.close();
        }
    }

    private static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "pw");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "10");
        return DriverManager.getConnection(url, p);
    }

    @Test
    void selectOneVersionAndShowOverTheExtendedProtocol() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(c.getMetaData().getDatabaseProductVersion()).isEqualTo("16.10 (Debian 16.10-1.pgdg12+1)");
            assertThat(c.isValid(5)).isTrue();
            try (ResultSet r = s.executeQuery("SELECT 1")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(1);
                assertThat(r.getMetaData().getColumnName(1)).isEqualTo("?column?");
                assertThat(r.getMetaData().getColumnType(1)).isEqualTo(Types.INTEGER);
                assertThat(r.next()).isFalse();
            }
            try (ResultSet r = s.executeQuery("SELECT version()")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString("version")).startsWith("PostgreSQL 16.10 (Debian 16.10-1.pgdg12+1) on x86_64");
            }
            try (ResultSet r = s.executeQuery("SHOW server_version")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString("server_version")).isEqualTo("16.10 (Debian 16.10-1.pgdg12+1)");
            }
            try (ResultSet r = s.executeQuery("select 'it''s' as word, 42, true, null, current_database();")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString("word")).isEqualTo("it's");
                assertThat(r.getInt(2)).isEqualTo(42);
                assertThat(r.getBoolean(3)).isTrue();
                assertThat(r.getString(4)).isNull();
                assertThat(r.getString("current_database")).isEqualTo("postgres");
            }
        }
    }

    @Test
    void aPreparedStatementStaysRightOnceTheDriverPreparesItOnTheServerInBinary() throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT 7 AS n, true AS ok")) {
            // pgjdbc switches to a named server-side statement (and binary results) from its 5th execution.
            for (int i = 0; i < 8; i++) {
                try (ResultSet r = ps.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getInt("n")).isEqualTo(7);
                    assertThat(r.getBoolean("ok")).isTrue();
                }
            }
        }
    }

    @Test
    void anythingElseFailsLoudlyWithFeatureNotSupportedAndTheConnectionGoesOn() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE TABLE t (id int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("feature not supported by Drydock's postgres simulation");
                    });
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM pg_tables"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
                ps.setInt(1, 3);
                assertThatThrownBy(ps::executeQuery).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            }
            try (ResultSet r = s.executeQuery("SELECT 1")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void anErrorInATransactionFailsItUntilRollback() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try (ResultSet r = s.executeQuery("SELECT 1")) {
                assertThat(r.next()).isTrue();
            }
            assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            c.rollback();
            c.setAutoCommit(true);
            try (ResultSet r = s.executeQuery("SELECT 2")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(2);
            }
        }
    }
}
