package io.gossippreflight.config;

/**
 * A config file that cannot be used: its message is one line, {@code FILE:LINE:COLUMN: key: what is
 * wrong and what to write instead} (or {@code FILE: ...} when no place in the file applies). The
 * callers map it to bad input (exit 2).
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
