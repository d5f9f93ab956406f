package dev.drydock.stream;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The Jetty connection that takes over a socket after {@code 101 UPGRADED}: keeps what the client sent
 * after its request, turns the idle timeout off, and hands blocking streams to a session on a stream thread.
 */
final class UpgradedConnection extends AbstractConnection implements Connection.UpgradeTo {
    private final EndPointStreams.Input input;
    private final EndPointStreams.Output output;
    private final StreamExecutor streams;
    private final Consumer<UpgradedConnection> session;

    UpgradedConnection(EndPoint endPoint, Executor jettyExecutor, StreamExecutor streams,
                       Consumer<UpgradedConnection> session) {
        super(endPoint, jettyExecutor);
        this.input = new EndPointStreams.Input(endPoint);
        this.output = new EndPointStreams.Output(endPoint);
        this.streams = streams;
        this.session = session;
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        input.prefill(buffer);
    }

    @Override
    public void onOpen() {
        super.onOpen();
        // An attached terminal may be silent for hours.
        getEndPoint().setIdleTimeout(0);
        streams.execute(() -> session.accept(this));
    }

    @Override
    public void onFillable() {
        // Never asked for: the session reads with its own fill interest.
    }

    EndPointStreams.Input input() {
        return input;
    }

    EndPointStreams.Output output() {
        return output;
    }
}
