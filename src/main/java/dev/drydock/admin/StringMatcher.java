package dev.drydock.admin;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A predicate on a query value, header value or request body: equal to, containing, matching a regex,
 * absent or present. Regexes are compiled once, when the matcher is built.
 */
public abstract sealed class StringMatcher {
    private StringMatcher() {
    }

    /** Exactly this text. */
    public static StringMatcher equalTo(String value) {
        Objects.requireNonNull(value, "value");
        return new Of(value::equals, "equal to \"" + value + "\"", "equalTo", value);
    }

    /** Contains this text. */
    public static StringMatcher containing(String value) {
        Objects.requireNonNull(value, "value");
        return new Of(v -> v != null && v.contains(value), "containing \"" + value + "\"", "contains", value);
    }

    /** Matches this regex as a whole; a malformed regex is an {@link IllegalArgumentException}. */
    public static StringMatcher matching(String regex) {
        Pattern pattern = compile(regex, "regex");
        return new Of(v -> v != null && pattern.matcher(v).matches(), "matching /" + regex + "/", "matches", regex);
    }

    /** The value is not there at all. */
    public static StringMatcher absent() {
        return ABSENT;
    }

    /** The value is there, whatever it is. */
    public static StringMatcher present() {
        return PRESENT;
    }

    static Pattern compile(String regex, String field) {
        Objects.requireNonNull(regex, field);
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("field \"" + field + "\": invalid regex: "
                    + e.getDescription() + " near index " + e.getIndex() + " in " + regex);
        }
    }

    /** True when the (possibly absent, null) value satisfies this matcher. */
    public abstract boolean matches(String value);

    /** How the matcher reads in a failure message, e.g. {@code containing "x"}. */
    public abstract String describe();

    /** The matcher as its JSON form, e.g. {@code {"contains": "x"}}. */
    public abstract Map<String, Object> toJson();

    @Override
    public String toString() {
        return describe();
    }

    private static final StringMatcher ABSENT = new Of(v -> v == null, "absent", "absent", true);
    private static final StringMatcher PRESENT = new Of(v -> v != null, "present", "present", true);

    /** A matcher is its test, how it reads in a message, and its one JSON field. */
    private static final class Of extends StringMatcher {
        private final Predicate<String> test;
        private final String description;
        private final Map<String, Object> json;

        Of(Predicate<String> test, String description, String jsonKey, Object jsonValue) {
            this.test = test;
            this.description = description;
            this.json = Map.of(jsonKey, jsonValue);
        }

        @Override
        public boolean matches(String v) {
            return test.test(v);
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public Map<String, Object> toJson() {
            return json;
        }
    }
}
