package dev.drydock.engine.exec;

import dev.drydock.engine.EngineException;

import java.io.ByteArrayOutputStream;

/** Docker's detach key notation: comma-separated single characters or {@code ctrl-<key>}. */
public final class DetachKeys {
    /** ctrl-p, ctrl-q: what the daemon uses when a session names none. */
    public static final byte[] DEFAULT = {16, 17};

    private DetachKeys() {
    }

    /**
     * The bytes a key sequence stands for.
     *
     * @throws EngineException 500 "Invalid escape keys (...) provided", as the daemon answers
     */
    public static byte[] parse(String keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : keys.split(",", -1)) {
            String k = key;
            if (k.length() == 1) {
                out.write(k.charAt(0));
            } else if (k.length() == 6 && k.startsWith("ctrl-")) {
                char c = k.charAt(5);
                if (c >= 'a' && c <= 'z') {
                    out.write(c - 'a' + 1);
                } else if (c == '@') {
                    out.write(0);
                } else if (c >= '[' && c <= '_') {
                    out.write(c - '[' + 27);
                } else {
                    throw invalid(keys);
                }
            } else {
                throw invalid(keys);
            }
        }
        return out.toByteArray();
    }

    private static EngineException invalid(String keys) {
        return EngineException.internal("Invalid escape keys (" + keys + ") provided");
    }
}
