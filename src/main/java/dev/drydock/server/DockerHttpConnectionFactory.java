package dev.drydock.server;

import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * HTTP/1.1 as Jetty speaks it, except that a 101 says {@code UPGRADED} as the daemon's does
 * ({@code HTTP/1.1 101 UPGRADED}) rather than {@code Switching Protocols}.
 */
final class DockerHttpConnectionFactory extends HttpConnectionFactory {
    DockerHttpConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        // Mirrors HttpConnectionFactory.newConnection, with our generator.
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected HttpGenerator newHttpGenerator() {
                return new UpgradedReasonGenerator();
            }
        };
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** Names the 101 as Docker does; every other status line is Jetty's. */
    private static final class UpgradedReasonGenerator extends HttpGenerator {
        @Override
        public Result generateResponse(MetaData.Response info, boolean head, ByteBuffer header, ByteBuffer chunk,
                                       ByteBuffer content, boolean last) throws IOException {
            MetaData.Response named = info;
            if (info != null && info.getStatus() == 101 && info.getReason() == null) {
                named = new MetaData.Response(101, "UPGRADED", info.getHttpVersion(), info.getHttpFields(),
                        info.getContentLength(), info.getTrailersSupplier());
            }
            return super.generateResponse(named, head, header, chunk, content, last);
        }
    }
}
