package dev.drydock.admin;

/** A verification that failed: its message says what was expected and lists the closest recorded requests. */
public final class VerificationException extends AssertionError {
    public VerificationException(String message) {
        super(message);
    }
}
