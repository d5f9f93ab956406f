package dev.drydock.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's clock, which a test can set, freeze and advance (from Java and over {@code /_drydock/clock}) so
 * timestamps and {@code docker ps} status text ("Up 5 minutes") are reproducible.
 *
 * <p>By default it follows its base clock (the system clock); {@link #set} freezes it at an instant, and
 * {@link #advance} moves it forward, frozen or not. {@link #reset} returns it to how it was built: a daemon reset
 * calls it, so every test of a per-class server starts at the same time.
 */
public final class ControllableClock extends Clock {
    /** Frozen at {@code frozenAt} when non-null; otherwise the base clock shifted by {@code offset}. */
    private record State(Instant frozenAt, Duration offset) {
    }

    private final Clock base;
    private final State initial;
    private final AtomicReference<State> state;

    private ControllableClock(Clock base, State initial) {
        this.base = base;
        this.initial = initial;
        this.state = new AtomicReference<>(initial);
    }

    /** A clock that follows {@code base} until a test sets or advances it. */
    public static ControllableClock following(Clock base) {
        return new ControllableClock(base, new State(null, Duration.ZERO));
    }

    /** A clock frozen at {@code start}: it moves only when advanced. */
    public static ControllableClock frozenAt(Instant start) {
        return new ControllableClock(Clock.systemUTC(), new State(start, Duration.ZERO));
    }

    /** {@code clock} itself when it is already controllable, else a controllable clock following it. */
    public static ControllableClock of(Clock clock) {
        return clock instanceof ControllableClock c ? c : following(clock);
    }

    @Override
    public Instant instant() {
        State s = state.get();
        if (s.frozenAt != null) {
            return s.frozenAt;
        }
        Instant now = base.instant();
        return s.offset.isZero() ? now : now.plus(s.offset);
    }

    /** Freezes the clock at {@code time}. */
    public void set(Instant time) {
        state.set(new State(time, Duration.ZERO));
    }

    /** Lets the clock run again from {@code time}, at the base clock's pace. */
    public void runFrom(Instant time) {
        state.set(new State(null, Duration.between(base.instant(), time)));
    }

    /** Moves the clock forward (or back, for a negative duration), frozen or running. */
    public void advance(Duration by) {
        state.updateAndGet(s -> s.frozenAt != null ? new State(s.frozenAt.plus(by), Duration.ZERO)
                : new State(null, s.offset.plus(by)));
    }

    /** Freezes the clock at its current time. */
    public void freeze() {
        set(instant());
    }

    /** True while the clock only moves when set or advanced. */
    public boolean frozen() {
        return state.get().frozenAt != null;
    }

    /** Back to how the clock was built (frozen at its start instant, or following its base clock). */
    public void reset() {
        state.set(initial);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // The engine works in UTC only; a zoned view would not be controllable, so the zone is ignored.
        return this;
    }
}
