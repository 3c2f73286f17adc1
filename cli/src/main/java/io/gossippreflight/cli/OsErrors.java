package io.gossippreflight.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The operating system's reason for a failed file operation, as the C library words it
 * (strerror). Java's NIO exceptions carry the reason in their type and only the file name in
 * their message, so "cannot read X: " + getMessage() said the name twice and never why.
 */
final class OsErrors {
    private OsErrors() {
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** "FILE: reason" (and the other file of a move or copy), for a file error no command anticipated. */
    static String describe(FileSystemException e) {
        return (e.getFile() == null ? "" : e.getFile() + ": ") + reason(e)
                + (e.getOtherFile() == null ? "" : " (" + e.getOtherFile() + ")");
    }
}
