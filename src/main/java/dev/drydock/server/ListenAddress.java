package dev.drydock.server;

import java.net.URI;
import java.nio.file.Path;

/** One {@code -H} address: TCP host and port, or a Unix socket path. */
public record ListenAddress(String scheme, String host, int port, Path socketPath) {

    /** Parses dockerd's forms: {@code tcp://HOST:PORT}, {@code tcp://:PORT}, {@code unix:///path}, {@code /path}. */
    public static ListenAddress parse(String spec) {
        String s = spec.trim();
        if (s.startsWith("unix://")) {
            String path = s.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("invalid unix socket address: " + spec);
            }
            return new ListenAddress("unix", null, -1, Path.of(path));
        }
        if (s.startsWith("/")) {
            return new ListenAddress("unix", null, -1, Path.of(s));
        }
        if (s.startsWith("tcp://") || s.startsWith("http://")) {
            String rest = s.substring(s.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                rest = rest.substring(0, slash);
            }
            int colon = rest.lastIndexOf(':');
            String host = colon < 0 ? rest : rest.substring(0, colon);
            String portText = colon < 0 ? "2375" : rest.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port in address: " + spec);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid port in address: " + spec);
            }
            return new ListenAddress("tcp", host, port, null);
        }
        throw new IllegalArgumentException("invalid host address " + spec + ": use tcp://HOST:PORT or unix:///path");
    }

    public boolean isUnix() {
        return "unix".equals(scheme);
    }

    /** The address as a Docker host URI, with the port actually bound. */
    public URI toUri(int boundPort) {
        return isUnix() ? URI.create("unix://" + socketPath.toAbsolutePath())
                : URI.create("tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort);
    }
}
