package dev.drydock.runtime.applets;

/** Converts POSIX basic regular expressions (grep, sed) to Java regex syntax. */
final class Regex {
    private Regex() {
    }

    /** BRE: \( \) \{ \} \| \+ \? are operators; ( ) { } | + ? are literals. */
    static String bre(String s) {
        StringBuilder sb = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inClass) {
                if (c == ']' && !(sb.charAt(sb.length() - 1) == '[' || sb.toString().endsWith("[^"))) {
                    inClass = false;
                } else if (c == '[' && i + 1 < s.length() && s.charAt(i + 1) == ':') {
                    int e = s.indexOf(":]", i);
                    if (e > 0) {
                        sb.append(posixClass(s.substring(i + 2, e)));
                        i = e + 1;
                        continue;
                    }
                } else if (c == '\\' || c == '[' || c == '&' || c == '~' || c == '-' && false) {
                    sb.append('\\');
                }
                sb.append(c);
                continue;
            }
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case '(', ')', '{', '}', '|', '+', '?' -> sb.append(n);
                    case '<' -> sb.append("\\b(?=\\w)");
                    case '>' -> sb.append("\\b(?<=\\w)");
                    default -> sb.append('\\').append(n);
                }
                continue;
            }
            switch (c) {
                case '(', ')', '{', '}', '|', '+', '?' -> sb.append('\\').append(c);
                case '[' -> {
                    inClass = true;
                    sb.append(c);
                    if (i + 1 < s.length() && s.charAt(i + 1) == '^') {
                        sb.append('^');
                        i++;
                    }
                    if (i + 1 < s.length() && s.charAt(i + 1) == ']') {
                        sb.append("\\]");
                        i++;
                    }
                }
                case '*' -> sb.append(sb.length() == 0 ? "\\*" : "*");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** ERE: POSIX classes translated, otherwise Java-compatible. */
    static String ere(String s) {
        return s.replace("[[:alpha:]]", "\\p{Alpha}").replace("[[:digit:]]", "\\d").replace("[[:space:]]", "\\s")
            .replace("[[:alnum:]]", "\\p{Alnum}").replace("[[:upper:]]", "\\p{Upper}")
            .replace("[[:lower:]]", "\\p{Lower}").replace("[:alpha:]", "\\p{Alpha}").replace("[:digit:]", "\\d")
            .replace("[:space:]", "\\s").replace("[:alnum:]", "\\p{Alnum}").replace("[:upper:]", "\\p{Upper}")
            .replace("[:lower:]", "\\p{Lower}");
    }

    private static String posixClass(String name) {
        return switch (name) {
            case "alpha" -> "\\p{Alpha}";
            case "digit" -> "\\d";
            case "alnum" -> "\\p{Alnum}";
            case "space" -> "\\s";
            case "upper" -> "\\p{Upper}";
            case "lower" -> "\\p{Lower}";
            case "punct" -> "\\p{Punct}";
            case "xdigit" -> "\\p{XDigit}";
            case "blank" -> " \\t";
            default -> "";
        };
    }
}
