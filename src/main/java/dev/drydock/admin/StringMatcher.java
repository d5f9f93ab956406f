package dev.drydock.admin;

import java.util.Map;
import java.util.Objects;
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
        return new EqualTo(Objects.requireNonNull(value, "value"));
    }

    /** Contains this text. */
    public static StringMatcher containing(String value) {
        return new Containing(Objects.requireNonNull(value, "value"));
    }

    /** Matches this regex as a whole; a malformed regex is an {@link IllegalArgumentException}. */
    public static StringMatcher matching(String regex) {
        return new Matching(compile(regex, "regex"));
    }

    /** The value is not there at all. */
    public static StringMatcher absent() {
        return Absent.INSTANCE;
    }

    /** The value is there, whatever it is. */
    public static StringMatcher present() {
        return Present.INSTANCE;
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

    private static final class EqualTo extends StringMatcher {
        private final String value;

        EqualTo(String value) {
            this.value = value;
        }

        @Override
        public boolean matches(String v) {
            return value.equals(v);
        }

        @Override
        public String describe() {
            return "equal to \"" + value + "\"";
        }

        @Override
        public Map<String, Object> toJson() {
            return Map.of("equalTo", value);
        }
    }

    private static final class Containing extends StringMatcher {
        private final String value;

        Containing(String value) {
            this.value = value;
        }

        @Override
        public boolean matches(String v) {
            return v != null && v.contains(value);
        }

        @Override
        public String describe() {
            return "containing \"" + value + "\"";
        }

        @Override
        public Map<String, Object> toJson() {
            return Map.of("contains", value);
        }
    }

    private static final class Matching extends StringMatcher {
        private final Pattern pattern;

        Matching(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public boolean matches(String v) {
            return v != null && pattern.matcher(v).matches();
        }

        @Override
        public String describe() {
            return "matching /" + pattern.pattern() + "/";
        }

        @Override
        public Map<String, Object> toJson() {
            return Map.of("matches", pattern.pattern());
        }
    }

    private static final class Absent extends StringMatcher {
        static final Absent INSTANCE = new Absent();

        @Override
        public boolean matches(String v) {
            return v == null;
        }

        @Override
        public String describe() {
            return "absent";
        }

        @Override
        public Map<String, Object> toJson() {
            return Map.of("absent", true);
        }
    }

    private static final class Present extends StringMatcher {
        static final Present INSTANCE = new Present();

        @Override
        public boolean matches(String v) {
            return v != null;
        }

        @Override
        public String describe() {
            return "present";
        }

        @Override
        public Map<String, Object> toJson() {
            return Map.of("present", true);
        }
    }
}
