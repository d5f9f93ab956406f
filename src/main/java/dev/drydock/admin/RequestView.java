package dev.drydock.admin;

import java.util.List;

/** What a request pattern looks at: the live request (for faults) or a recorded one (for verification). */
public interface RequestView {
    /** The HTTP method, upper case. */
    String method();

    /** The path as sent, with any {@code /vX.Y} prefix. */
    String rawPath();

    /** The path without the {@code /vX.Y} prefix, as routes are declared. */
    String path();

    /** The first value of a query parameter, or null. */
    String queryParam(String name);

    /** Every value of a header (names are case-insensitive), empty when absent. */
    List<String> headerValues(String name);

    /** The body as text, or null when it is not known (not read, or not recorded). */
    String bodyText();
}
