package io.gossippreflight.probe.agent;

import io.gossippreflight.probe.ProbeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** The mesh's shared secret: one line in a file (--token-file) every agent and the mesh read. */
public final class SharedSecret {
    static final int MAX_BYTES = 4096;

    private SharedSecret() {
    }

    /** The secret's bytes (the file's text, trimmed); a usage error naming the file when unfit. */
    public static byte[] read(Path file) {
        byte[] raw;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw ProbeException.usage("--token-file " + file + " is over " + MAX_BYTES + " bytes: it holds one secret "
                        + "line, e.g. from 'head -c 32 /dev/urandom | base64'");
            }
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ProbeException.usage("--token-file " + file + " cannot be read: " + e.getMessage());
        }
        byte[] secret = new String(raw, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        if (secret.length < RequestSigning.MIN_SECRET_BYTES) {
            throw ProbeException.usage("--token-file " + file + " holds " + secret.length + " bytes; a shared secret needs "
                    + "at least " + RequestSigning.MIN_SECRET_BYTES + ": write one with 'head -c 32 /dev/urandom | base64 > "
                    + file + "' and copy it to every host of the mesh");
        }
        return secret;
    }

    /** A warning when others than the owner may read the file, else null. */
    public static String permissionWarning(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                return "--token-file " + file + " can be read by others than its owner: chmod 600 " + file;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return null;
    }
}
