package dev.drydock.admin;

/** How many matching requests a verification expects: exactly, at least, at most. */
public record CountMatcher(Kind kind, int count) {
    /** The comparison. */
    public enum Kind { EXACTLY, AT_LEAST, AT_MOST }

    public CountMatcher {
        if (count < 0) {
            throw new IllegalArgumentException("a request count must not be negative: " + count);
        }
    }

    public boolean matches(int actual) {
        return switch (kind) {
            case EXACTLY -> actual == count;
            case AT_LEAST -> actual >= count;
            case AT_MOST -> actual <= count;
        };
    }

    /** {@code exactly 2}, {@code at least 1}, ... */
    public String describe() {
        String n = count + (count == 1 ? " request" : " requests");
        return switch (kind) {
            case EXACTLY -> count == 0 ? "no request" : "exactly " + n;
            case AT_LEAST -> "at least " + n;
            case AT_MOST -> "at most " + n;
        };
    }
}
