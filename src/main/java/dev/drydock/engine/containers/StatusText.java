package dev.drydock.engine.containers;

import java.time.Duration;
import java.time.Instant;

/** The human status line of {@code docker ps} ("Up 3 seconds", "Exited (0) 2 minutes ago", "Created"). */
public final class StatusText {
    private StatusText() {
    }

    /** Docker's State.String() for a container at {@code now}. */
    public static String of(Container c, Instant now) {
        ContainerStatus s = c.status();
        switch (s) {
            case RUNNING, PAUSED -> {
                String up = "Up " + humanDuration(Duration.between(c.startedAt(), now));
                if (s == ContainerStatus.PAUSED) {
                    return up + " (Paused)";
                }
                ContainerHealth health = c.health();
                return health == null ? up : up + " (" + health.summary() + ")";
            }
            case RESTARTING -> {
                return "Restarting (" + c.exitCode() + ") " + humanDuration(Duration.between(c.finishedAt(), now))
                        + " ago";
            }
            case REMOVING -> {
                return "Removal In Progress";
            }
            case DEAD -> {
                return "Dead";
            }
            default -> {
                if (c.startedAt().equals(Container.ZERO_TIME)) {
                    return "Created";
                }
                if (c.finishedAt().equals(Container.ZERO_TIME)) {
                    return "";
                }
                return "Exited (" + c.exitCode() + ") " + humanDuration(Duration.between(c.finishedAt(), now))
                        + " ago";
            }
        }
    }

    /** Go's units.HumanDuration. */
    public static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}
