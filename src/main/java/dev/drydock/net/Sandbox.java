package dev.drydock.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A running container's network namespace: its endpoints (in join order) and its listening ports. */
public final class Sandbox {
    private final SandboxSpec spec;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    final Map<Integer, ConnectionHandler> listeners = new ConcurrentHashMap<>();
    /** The addresses each port was bound to, when not {@code ::} (what netstat shows; routing ignores it). */
    final Map<Integer, List<String>> boundAddresses = new ConcurrentHashMap<>();
    private final AtomicInteger ephemeral = new AtomicInteger(32768);
    /** The loopback interface's counters (what /proc/net/dev shows for lo; stats leave it out). */
    private final InterfaceCounters loopback = new InterfaceCounters();
    /** Each endpoint's interface counters, by network ID: a reconnect makes a new interface, counting from 0. */
    private final Map<String, InterfaceCounters> counters = new ConcurrentHashMap<>();

    Sandbox(SandboxSpec spec) {
        this.spec = spec;
    }

    public SandboxSpec spec() {
        return spec;
    }

    public String containerId() {
        return spec.containerId();
    }

    synchronized void put(Endpoint e) {
        endpoints.put(e.networkId(), e);
        counters.computeIfAbsent(e.networkId(), k -> new InterfaceCounters());
    }

    synchronized Endpoint remove(String networkId) {
        counters.remove(networkId);
        return endpoints.remove(networkId);
    }

    /** The loopback interface's counters. */
    public InterfaceCounters loopback() {
        return loopback;
    }

    /** The counters of the interface on {@code networkId}; null when the container is not attached to it. */
    public InterfaceCounters counters(String networkId) {
        return networkId == null ? null : counters.get(networkId);
    }

    /** The endpoints, in the order the container joined the networks. */
    public synchronized List<Endpoint> endpoints() {
        return new ArrayList<>(endpoints.values());
    }

    public synchronized Endpoint endpoint(String networkId) {
        return endpoints.get(networkId);
    }

    /** The address other containers and /etc/hosts know this container by: its first endpoint's. */
    public synchronized Endpoint primary() {
        return endpoints.isEmpty() ? null : endpoints.values().iterator().next();
    }

    /** True when the address is one of this container's own. */
    public synchronized boolean owns(int ip) {
        if (Ipv4.isLoopback(ip)) {
            return true;
        }
        for (Endpoint e : endpoints.values()) {
            if (e.ip() == ip) {
                return true;
            }
        }
        return false;
    }

    int nextEphemeralPort() {
        int p = ephemeral.getAndIncrement();
        if (p > 60999) {
            ephemeral.set(32768);
        }
        return p;
    }

    /** The addresses {@code port} was bound to: {@code ::} unless the program chose others. */
    public List<String> boundAddresses(int port) {
        return boundAddresses.getOrDefault(port, List.of("::"));
    }

    /** The ports listened on, ascending. */
    public List<Integer> listeningPorts() {
        List<Integer> l = new ArrayList<>(listeners.keySet());
        l.sort(null);
        return l;
    }
}
