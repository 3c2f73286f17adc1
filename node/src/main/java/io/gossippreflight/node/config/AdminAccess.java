package io.gossippreflight.node.config;

import io.gossippreflight.config.ConfigException;
import io.gossippreflight.config.ConfigFiles;
import io.gossippreflight.node.NodeEnvironmentException;
import io.gossippreflight.node.NodeInputException;
import io.gossippreflight.wire.gossip.HostAndPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Who may use the admin API: anyone on this host when it listens on loopback; beyond loopback
 * only who holds the token in the token file (sent as {@code Authorization: Bearer TOKEN}), since
 * decommission, removenode and assassinate change the cluster. The node creates the file (mode
 * 0600, 256 random bits) when it does not exist; the cli's node commands read the same file.
 */
public final class AdminAccess {
    /** File name of the token in the data directory when admin_token_file is not set. */
    public static final String DEFAULT_TOKEN_FILE = "admin.token";
    static final int MIN_TOKEN_CHARS = 16;
    static final int MAX_TOKEN_BYTES = 1024;

    private AdminAccess() {
    }

    /** Whether the admin address is a loopback address (a wildcard address such as 0.0.0.0 is not). */
    public static boolean isLoopback(String adminAddress) {
        try {
            return HostAndPort.parse(adminAddress, 0, 0).resolve().address().isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("admin_address '" + adminAddress + "': " + e.getMessage());
        }
    }

    /**
     * The token file the API uses: the configured one; else, beyond loopback, {@code admin.token} in
     * the data directory; else none (loopback without a configured file needs no token).
     */
    public static Path tokenFile(String adminAddress, Path configured, Path dataDirectory) {
        if (configured != null) {
            return configured;
        }
        return isLoopback(adminAddress) ? null : dataDirectory.resolve(DEFAULT_TOKEN_FILE);
    }

    /** The node's side: reads the token, creating the file with a new random token (0600) when absent. */
    public static String loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            String token = HexFormat.of().formatHex(random());
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
                Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            } catch (IOException | UnsupportedOperationException e) {
                throw new NodeEnvironmentException("cannot create the admin token file " + file + ": " + e.getMessage()
                        + " (set admin_token_file in node.yaml to a writable path)", e);
            }
            return token;
        }
        return read(file);
    }

    private static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** The cli's side (and the node's when the file exists): the token in the file, checked. */
    public static String read(Path file) {
        String text;
        try {
            text = ConfigFiles.readRegular(file, "admin token file", MAX_TOKEN_BYTES);
        } catch (ConfigException e) {
            throw new NodeInputException(e.getMessage() + " (the admin API token: admin_token_file in node.yaml)", e);
        }
        String t = text.trim();
        if (t.length() < MIN_TOKEN_CHARS || !t.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new NodeInputException("admin token file " + file + " must hold one token of at least " + MIN_TOKEN_CHARS
                    + " printable characters without spaces; delete it and the node writes a new one");
        }
        return t;
    }

    /** A warning when the token file can be read by others than its owner, or null. */
    public static String permissionWarning(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                return "admin token file " + file + " is readable by others than its owner (" + PosixFilePermissions.toString(p)
                        + "); chmod 600 it";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return null;
    }
}
