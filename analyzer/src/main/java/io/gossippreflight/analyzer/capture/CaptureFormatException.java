package io.gossippreflight.analyzer.capture;

import java.nio.file.Path;

/**
 * A capture file that cannot be read past some point: bad magic, a truncated record, a length
 * beyond its limit. Names the file, the byte offset and the problem.
 */
public final class CaptureFormatException extends CaptureException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long offset;
    private final String problem;

    public CaptureFormatException(Path file, long offset, String problem) {
        this(String.valueOf(file), offset, problem, null);
    }

    public CaptureFormatException(String file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    public CaptureFormatException(String file, long offset, String problem, Throwable cause) {
        super(file + ": offset " + offset + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    /** The file as named on the command line. */
    public String file() {
        return file;
    }

    /** Byte offset in the file where reading failed (-1 when the reader cannot tell). */
    public long offset() {
        return offset;
    }

    public String problem() {
        return problem;
    }

    /**
     * True when the file ends inside a record or block: a capture still being written, or cut
     * short. Like tshark, the analysis goes on with the packets before it and warns.
     */
    public boolean cutShort() {
        return problem.endsWith(CUT_SHORT);
    }

    /** How readers end the problem text of a capture that ends inside a record. */
    public static final String CUT_SHORT = "(the file ends inside it: cut short, or still being written)";
}
