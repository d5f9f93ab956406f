package dev.drydock.api;

/** One resource of the Engine API (containers, images, ...): declares its routes on the table. */
public interface ApiResource {
    void register(RouteTable routes);
}
