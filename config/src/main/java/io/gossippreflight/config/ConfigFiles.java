package io.gossippreflight.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a small text file that must be a regular file: a FIFO would block the reader until a writer
 * comes, a device never ends, a directory is a mistake; each is refused at once with its reason.
 * The size is checked before reading and again while reading (a file that grows is cut off).
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /**
     * The file's text (UTF-8).
     *
     * @param what     what the file is, for messages ("config file", "snitch properties file")
     * @param maxBytes the largest file accepted
     */
    public static String readRegular(Path file, String what, int maxBytes) {
        byte[] bytes = readBytes(file, what, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(what + " " + file + " is not UTF-8 text; is it the right file?");
        }
    }

    /** The file's bytes (a keystore, a certificate), with the same checks as {@link #readRegular}. */
    public static byte[] readBytes(Path file, String what, int maxBytes) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + " " + file + ": " + reason(e));
        }
        if (!a.isRegularFile()) {
            throw new ConfigException("cannot read " + what + " " + file + ": it is " + kind(a)
                    + ", not a regular file; give the path of the file itself");
        }
        if (a.size() > maxBytes) {
            throw new ConfigException(what + " " + file + " is " + a.size() + " bytes, over the limit of " + maxBytes
                    + "; point at the right file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + " " + file + ": " + reason(e));
        }
        if (bytes.length > maxBytes) {
            throw new ConfigException(what + " " + file + " grew past the limit of " + maxBytes + " bytes while read");
        }
        return bytes;
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isOther()) {
            return "a pipe, socket or device";
        }
        return "not a regular file";
    }

    /** The operating system's reason, without Java's class names. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            m = fse.getReason();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
