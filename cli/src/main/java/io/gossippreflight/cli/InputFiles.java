package io.gossippreflight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files named on the command line, checked before a module reads or writes them, so the error
 * is one line naming the option, the file and the operating system's reason.
 */
final class InputFiles {
    private InputFiles() {
    }

    /** Fails with "cannot read OPTION FILE: reason" unless FILE is a readable regular file. */
    static void requireReadable(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw PreflightException.usage("cannot read " + option + " " + file + ": Is a directory");
        }
        try {
            Files.newByteChannel(file).close();
        } catch (IOException e) {
            throw PreflightException.usage("cannot read " + option + " " + file + ": " + OsErrors.reason(e));
        }
    }

    /**
     * Fails with "cannot write OPTION FILE: reason" when FILE cannot be created: its directory is
     * missing, not a directory or not writable, or FILE is a directory. With {@code createsDirectories}
     * (reports written through AtomicFiles) a missing directory is fine when the nearest existing
     * one is writable.
     */
    static void requireWritable(Path file, String option, boolean createsDirectories) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (createsDirectories) {
            while (dir != null && !Files.exists(dir)) {
                dir = dir.getParent();
            }
        }
        String reason = null;
        if (Files.isDirectory(abs)) {
            reason = "Is a directory";
        } else if (dir != null && !Files.exists(dir)) {
            reason = dir + ": No such file or directory";
        } else if (dir != null && !Files.isDirectory(dir)) {
            reason = dir + ": Not a directory";
        } else if (dir != null && !Files.isWritable(dir)) {
            reason = dir + ": Permission denied";
        }
        if (reason != null) {
            throw PreflightException.usage("cannot write " + option + " " + file + ": " + reason);
        }
    }
}
