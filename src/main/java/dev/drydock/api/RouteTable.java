package dev.drydock.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where every Engine API route is declared, once, without a version prefix: the front filter strips
 * {@code /vX.Y} before routing, so each route answers both with and without it.
 */
public final class RouteTable {
    /** One served route, as {@code METHOD /path/{param}}. */
    public record Route(String method, String path) {
    }

    private final RoutesConfig routes;
    private final List<Route> declared = new ArrayList<>();

    public RouteTable(RoutesConfig routes) {
        this.routes = routes;
    }

    public RouteTable get(String path, Handler handler) {
        return add(HandlerType.GET, path, handler);
    }

    public RouteTable head(String path, Handler handler) {
        return add(HandlerType.HEAD, path, handler);
    }

    public RouteTable post(String path, Handler handler) {
        return add(HandlerType.POST, path, handler);
    }

    public RouteTable put(String path, Handler handler) {
        return add(HandlerType.PUT, path, handler);
    }

    public RouteTable delete(String path, Handler handler) {
        return add(HandlerType.DELETE, path, handler);
    }

    private RouteTable add(HandlerType method, String path, Handler handler) {
        routes.addHttpHandler(method, path, handler);
        declared.add(new Route(method.name(), path));
        return this;
    }

    /** Every route declared so far. */
    public List<Route> declared() {
        return Collections.unmodifiableList(declared);
    }
}
