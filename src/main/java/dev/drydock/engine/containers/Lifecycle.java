package dev.drydock.engine.containers;

import dev.drydock.engine.EngineException;

import java.util.EnumMap;
import java.util.Map;

/**
 * THE transition table of containers: for each action and current state, whether the action proceeds, is a
 * no-op (304), or fails with Docker's error. Every lifecycle operation asks here first, under the container's
 * lock; nothing else decides legality.
 *
 * <p>Messages use {@code %id} (the full ID), {@code %name} (the name without its slash) and {@code %ref}
 * (what the client called the container); they are the real daemon's texts.
 */
public final class Lifecycle {
    /** The actions the table governs. */
    public enum Action { START, STOP, KILL, PAUSE, UNPAUSE, RESTART, REMOVE, EXEC, ATTACH }

    /** What the table says about one action in one state. */
    public record Verdict(int status, String message) {
        static final Verdict PROCEED = new Verdict(0, null);
        static final Verdict NOT_MODIFIED = new Verdict(304, "");

        public boolean proceeds() {
            return status == 0;
        }
    }

    private static final Map<Action, Map<ContainerStatus, Verdict>> TABLE = new EnumMap<>(Action.class);

    static {
        String notRunning = "Container %id is not running";
        String removing = "container is marked for removal and cannot be started";
        rule(Action.START, Verdict.PROCEED, ContainerStatus.CREATED, ContainerStatus.EXITED);
        rule(Action.START, Verdict.NOT_MODIFIED, ContainerStatus.RUNNING, ContainerStatus.RESTARTING);
        rule(Action.START, conflict("cannot start a paused container, try unpause instead"), ContainerStatus.PAUSED);
        rule(Action.START, conflict(removing), ContainerStatus.REMOVING, ContainerStatus.DEAD);

        rule(Action.STOP, Verdict.PROCEED, ContainerStatus.RUNNING, ContainerStatus.PAUSED, ContainerStatus.RESTARTING);
        rule(Action.STOP, Verdict.NOT_MODIFIED, ContainerStatus.CREATED, ContainerStatus.EXITED,
                ContainerStatus.REMOVING, ContainerStatus.DEAD);

        rule(Action.KILL, Verdict.PROCEED, ContainerStatus.RUNNING, ContainerStatus.PAUSED, ContainerStatus.RESTARTING);
        rule(Action.KILL, conflict("Cannot kill container: %ref: " + notRunning), ContainerStatus.CREATED,
                ContainerStatus.EXITED, ContainerStatus.REMOVING, ContainerStatus.DEAD);

        rule(Action.PAUSE, Verdict.PROCEED, ContainerStatus.RUNNING);
        rule(Action.PAUSE, conflict("Container %id is already paused"), ContainerStatus.PAUSED);
        rule(Action.PAUSE, conflict("Container %id is restarting, wait until the container is running"),
                ContainerStatus.RESTARTING);
        rule(Action.PAUSE, conflict(notRunning), ContainerStatus.CREATED, ContainerStatus.EXITED,
                ContainerStatus.REMOVING, ContainerStatus.DEAD);

        rule(Action.UNPAUSE, Verdict.PROCEED, ContainerStatus.PAUSED);
        rule(Action.UNPAUSE, conflict("Container %id is not paused"), ContainerStatus.CREATED, ContainerStatus.RUNNING,
                ContainerStatus.RESTARTING, ContainerStatus.EXITED, ContainerStatus.REMOVING, ContainerStatus.DEAD);

        rule(Action.RESTART, Verdict.PROCEED, ContainerStatus.CREATED, ContainerStatus.RUNNING, ContainerStatus.PAUSED,
                ContainerStatus.RESTARTING, ContainerStatus.EXITED);
        rule(Action.RESTART, conflict(removing), ContainerStatus.REMOVING, ContainerStatus.DEAD);

        rule(Action.REMOVE, Verdict.PROCEED, ContainerStatus.CREATED, ContainerStatus.EXITED, ContainerStatus.DEAD);
        rule(Action.REMOVE, conflict("You cannot remove a running container %id. Stop the container before "
                + "attempting removal or force remove"), ContainerStatus.RUNNING);
        rule(Action.REMOVE, conflict("You cannot remove a paused container %id. Unpause and then stop the container "
                + "before attempting removal or force remove"), ContainerStatus.PAUSED);
        rule(Action.REMOVE, conflict("You cannot remove a restarting container %id. Stop the container before "
                + "attempting removal or force remove"), ContainerStatus.RESTARTING);
        rule(Action.REMOVE, conflict("removal of container %ref is already in progress"), ContainerStatus.REMOVING);

        rule(Action.EXEC, Verdict.PROCEED, ContainerStatus.RUNNING);
        rule(Action.EXEC, conflict("Container %ref is paused, unpause the container before exec"),
                ContainerStatus.PAUSED);
        rule(Action.EXEC, conflict("Container %id is restarting, wait until the container is running"),
                ContainerStatus.RESTARTING);
        rule(Action.EXEC, conflict(notRunning), ContainerStatus.CREATED, ContainerStatus.EXITED,
                ContainerStatus.REMOVING, ContainerStatus.DEAD);

        rule(Action.ATTACH, Verdict.PROCEED, ContainerStatus.CREATED, ContainerStatus.RUNNING, ContainerStatus.PAUSED,
                ContainerStatus.RESTARTING, ContainerStatus.EXITED);
        rule(Action.ATTACH, conflict("You cannot attach to a stopped container, start it first"),
                ContainerStatus.REMOVING, ContainerStatus.DEAD);

        for (Action a : Action.values()) {
            for (ContainerStatus s : ContainerStatus.values()) {
                if (!TABLE.get(a).containsKey(s)) {
                    throw new IllegalStateException("transition table has no rule for " + a + " in " + s);
                }
            }
        }
    }

    private Lifecycle() {
    }

    private static Verdict conflict(String message) {
        return new Verdict(409, message);
    }

    private static void rule(Action action, Verdict verdict, ContainerStatus... states) {
        Map<ContainerStatus, Verdict> row = TABLE.computeIfAbsent(action, a -> new EnumMap<>(ContainerStatus.class));
        for (ContainerStatus s : states) {
            if (row.put(s, verdict) != null) {
                throw new IllegalStateException("two rules for " + action + " in " + s);
            }
        }
    }

    /** The verdict for an action in a state. */
    public static Verdict verdict(Action action, ContainerStatus state) {
        return TABLE.get(action).get(state);
    }

    /**
     * Throws Docker's answer unless the action proceeds.
     *
     * @param ref what the client called the container (for messages that echo it)
     */
    public static void check(Action action, Container c, String ref) {
        Verdict v = verdict(action, c.status());
        if (v.proceeds()) {
            return;
        }
        if (v.status() == 304) {
            throw EngineException.notModified();
        }
        String msg = v.message().replace("%id", c.id()).replace("%name", c.name().substring(1))
                .replace("%ref", ref);
        throw new EngineException(v.status(), msg);
    }
}
