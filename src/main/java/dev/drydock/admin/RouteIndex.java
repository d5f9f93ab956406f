package dev.drydock.admin;

import dev.drydock.api.RouteTable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The served routes as patterns, to tell which recorded requests no route matched. */
final class RouteIndex {
    private record Compiled(String method, Pattern path) {
    }

    private final List<Compiled> routes = new ArrayList<>();

    RouteIndex(List<RouteTable.Route> declared) {
        for (RouteTable.Route r : declared) {
            routes.add(new Compiled(r.method(), Pattern.compile(toRegex(r.path()))));
        }
    }

    /** Javalin's path syntax: {@code {name}} is one segment, {@code <name>} may span slashes. */
    static String toRegex(String path) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '{' || c == '<') {
                int close = path.indexOf(c == '{' ? '}' : '>', i);
                if (close > i) {
                    re.append(c == '{' ? "[^/]+" : ".+");
                    i = close + 1;
                    continue;
                }
            }
            re.append(Pattern.quote(String.valueOf(c)));
            i++;
        }
        return re.toString();
    }

    boolean matches(String method, String path) {
        for (Compiled r : routes) {
            if (r.method().equals(method) && r.path().matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }
}
