package dev.drydock.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The daemon's event stream: every resource publishes here, after its change is visible.
 *
 * <p>Keeps a bounded history so {@code since} can replay; subscribers are called on the publishing thread
 * and must not block (the HTTP layer queues for them).
 */
public final class EventBus {
    private final Clock clock;
    private final int historyLimit;
    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    /** What each subscriber wants done when a reset ends its subscription (by listener identity). */
    private final Map<Consumer<Event>, Runnable> onReset = new java.util.IdentityHashMap<>();
    private long lastNano;

    public EventBus(Clock clock, int historyLimit) {
        this.clock = clock;
        this.historyLimit = historyLimit;
    }

    /** Publishes an event with local scope, stamped now. */
    public Event publish(String type, String action, String actorId, Map<String, String> attributes) {
        return publish(type, action, actorId, attributes, "local");
    }

    /** Publishes an event, stamped now; times are strictly increasing so replay order is publish order. */
    public Event publish(String type, String action, String actorId, Map<String, String> attributes, String scope) {
        Event event;
        synchronized (this) {
            Instant now = clock.instant();
            long nano = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            if (nano <= lastNano) {
                nano = lastNano + 1;
            }
            lastNano = nano;
            event = new Event(type, action, actorId, attributes, scope, nano);
            history.addLast(event);
            while (history.size() > historyLimit) {
                history.removeFirst();
            }
            // Deliver under the lock: a subscriber that replays history and then listens sees every event once.
            for (Consumer<Event> listener : listeners) {
                listener.accept(event);
            }
        }
        return event;
    }

    /**
     * Subscribes to live events, first replaying the kept history from {@code sinceNano} (inclusive) on.
     * Replay and subscription are atomic: no event is lost or seen twice between them.
     *
     * @return a handle whose {@code close()} ends the subscription
     */
    public AutoCloseable subscribe(long sinceNano, Consumer<Event> listener) {
        return subscribe(sinceNano, listener, null);
    }

    /**
     * As {@link #subscribe(long, Consumer)}, and {@code whenReset} runs (once, under the bus's lock, so it must not
     * block) when a {@link #reset()} ends the subscription: a stream then ends its response cleanly.
     */
    public AutoCloseable subscribe(long sinceNano, Consumer<Event> listener, Runnable whenReset) {
        synchronized (this) {
            if (whenReset != null) {
                onReset.put(listener, whenReset);
            }
            if (sinceNano >= 0) {
                for (Event e : history) {
                    if (e.timeNano() >= sinceNano) {
                        listener.accept(e);
                    }
                }
            }
            listeners.add(listener);
        }
        return () -> {
            listeners.remove(listener);
            synchronized (this) {
                onReset.remove(listener);
            }
        };
    }

    /** The kept history, oldest first. */
    public synchronized List<Event> history() {
        return new ArrayList<>(history);
    }

    /** How many live subscribers there are (reported as NEventsListener in /info). */
    public int listenerCount() {
        return listeners.size();
    }

    /** Forgets the history (used by reset). */
    public synchronized void clearHistory() {
        history.clear();
    }

    /** Forgets the history and ends every subscription, telling the subscribers that asked to know. */
    public synchronized void reset() {
        history.clear();
        // A reset clock may go back in time: the next events take its time again, not the old one plus 1 ns.
        lastNano = 0;
        for (Consumer<Event> listener : listeners) {
            listeners.remove(listener);
            Runnable r = onReset.remove(listener);
            if (r != null) {
                r.run();
            }
        }
        onReset.clear();
    }
}
