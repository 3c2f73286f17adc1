package io.gossippreflight.analyzer.capture;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Turns what a user names as a capture into a regular file the readers can read (twice: the
 * analysis makes a second pass): a plain capture file as it is; standard input ({@code -}), a
 * pipe or FIFO, and gzip or zstd captures are copied, decompressed, into a temporary file
 * deleted on {@link Prepared#close()}. Devices, directories and sockets are refused at once,
 * with the reason, instead of blocking or reading forever.
 */
public final class CaptureInputs {
    /** The name that stands for standard input. */
    public static final String STDIN = "-";
    static final int GZIP_MAGIC = 0x1f8b;
    /** zstd frame magic, as its first four bytes read big-endian (RFC 8878 3.1.1: 0xFD2FB528 little-endian). */
    static final int ZSTD_MAGIC = 0x28b52ffd;
    /**
     * libzstd's default window limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT, zstd lib/zstd.h): a frame asking
     * for a larger window is refused rather than allocated (the window is native memory).
     */
    static final int ZSTD_WINDOW_LOG_MAX = 27;

    // st_mode file types (POSIX sys/stat.h)
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFSOCK = 0140000;

    private CaptureInputs() {
    }

    /**
     * A capture ready to read: {@code path} is the file to open, {@code shown} what the user gave
     * (for messages), {@code how} what was done to it ("decompressed gzip", "read from a pipe"),
     * or null when the file is read as it is.
     */
    public record Prepared(Path path, String shown, String how, boolean temporary) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The last element of a name as given, for reports ("-" stays "-"). */
    static String fileName(String shown) {
        int slash = shown.lastIndexOf('/');
        return slash >= 0 && slash < shown.length() - 1 ? shown.substring(slash + 1) : shown;
    }

    /**
     * Prepares {@code given} ({@code -} = {@code stdin}); a temporary copy goes in {@code tmpDir}.
     *
     * @throws CaptureUsageException when it cannot be a capture (missing, directory, device, socket)
     * @throws CaptureFormatException when a compressed stream is corrupt
     */
    public static Prepared prepare(Path given, InputStream stdin, Path tmpDir) throws IOException {
        String shown = given.toString();
        if (shown.equals(STDIN)) {
            return spool(stdin, "standard input", "read from standard input", tmpDir);
        }
        int type = check(given);
        if (type == S_IFIFO) {
            // a FileInputStream, not Files.newInputStream: the latter's channel seeks, which a pipe refuses
            try (InputStream in = new FileInputStream(given.toFile())) {
                return spool(in, shown, "read from a pipe", tmpDir);
            }
        }
        int magic = magic(given);
        if (magic >>> 16 == GZIP_MAGIC || magic == ZSTD_MAGIC) {
            try (InputStream in = Files.newInputStream(given)) {
                return spool(in, shown, null, tmpDir);
            }
        }
        return new Prepared(given, shown, null, false);
    }

    /**
     * Refuses what cannot be a capture file, with the reason; returns the file type bits
     * (regular file or FIFO).
     */
    static int check(Path path) throws CaptureUsageException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (NoSuchFileException e) {
            throw new CaptureUsageException(path + ": no such capture file", e);
        } catch (AccessDeniedException e) {
            throw new CaptureUsageException(path + ": cannot read the capture file (permission denied)", e);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            mode = Files.isDirectory(path) ? S_IFDIR : Files.isRegularFile(path) ? S_IFREG : 0;
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
                throw new CaptureUsageException(path + ": no such capture file", new NoSuchFileException(path.toString()));
            }
        }
        String refused = switch (mode & S_IFMT) {
            case S_IFDIR -> "is a directory";
            case S_IFCHR -> "is a character device";
            case S_IFBLK -> "is a block device";
            case S_IFSOCK -> "is a socket";
            case S_IFREG, S_IFIFO -> null;
            default -> "is not a regular file";
        };
        if (refused != null) {
            throw new CaptureUsageException(path + ": " + refused + ", not a capture file (give a pcap or pcapng file,"
                    + " a pipe, or - for standard input)", null);
        }
        if (!Files.isReadable(path)) {
            throw new CaptureUsageException(path + ": cannot read the capture file (permission denied)",
                    new AccessDeniedException(path.toString()));
        }
        return mode & S_IFMT;
    }

    private static int magic(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return magic(in.readNBytes(4));
        }
    }

    private static int magic(byte[] head) {
        int m = 0;
        for (int i = 0; i < 4; i++) {
            m = m << 8 | (i < head.length ? head[i] & 0xff : 0);
        }
        return m;
    }

    /**
     * Copies a stream into a temporary file, decompressing gzip or zstd on the way. A compressed
     * stream that ends early keeps what it held (a capture still being written); the reader then
     * finds the last record cut short and says so.
     */
    private static Prepared spool(InputStream raw, String shown, String how, Path tmpDir) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        int magic = magic(in.readNBytes(4));
        in.reset();
        String what = how;
        InputStream body = in;
        if (magic >>> 16 == GZIP_MAGIC) {
            body = new GZIPInputStream(in, 1 << 16);
            what = how == null ? "decompressed (gzip)" : how + ", decompressed (gzip)";
        } else if (magic == ZSTD_MAGIC) {
            body = zstd(in, shown);
            what = how == null ? "decompressed (zstd)" : how + ", decompressed (zstd)";
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(tmpDir, "preflight-capture-", ".tmp");
        } catch (IOException e) {
            throw new CaptureEnvironmentException("cannot make a temporary copy of " + shown + " in " + tmpDir + ": "
                    + reason(e) + " (set TMPDIR to a directory with room)", e);
        }
        tmp.toFile().deleteOnExit(); // in case the analysis is interrupted
        try (InputStream src = body; OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = src.read(buf);
                } catch (EOFException e) {
                    break; // compressed stream cut short: keep what it held
                } catch (IOException e) {
                    if (body == in) {
                        throw new CaptureFormatException(shown, -1, "cannot read it: " + reason(e), e);
                    }
                    throw new CaptureFormatException(shown, -1, "the " + (magic == ZSTD_MAGIC ? "zstd" : "gzip")
                            + " data is corrupt: " + reason(e) + "; check the file with "
                            + (magic == ZSTD_MAGIC ? "'zstd -t'" : "'gzip -t'"), e);
                }
                if (n < 0) {
                    break;
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw new CaptureEnvironmentException("cannot make a temporary copy of " + shown + " in " + tmpDir
                            + ": " + reason(e) + " (set TMPDIR to a directory with room)", e);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Prepared(tmp, shown, what, true);
    }

    private static InputStream zstd(InputStream in, String shown) throws IOException {
        try {
            ZstdInputStreamNoFinalizer z = new ZstdInputStreamNoFinalizer(in);
            z.setLongMax(ZSTD_WINDOW_LOG_MAX);
            return z;
        } catch (LinkageError e) {
            // zstd-jni ships libzstd for the common platforms only
            throw new CaptureEnvironmentException(shown + ": zstd is not available on this platform (" + e.getMessage()
                    + "); decompress it first: zstd -dc FILE | preflight analyze -", null);
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * What to tell someone whose file has a magic number that is not a capture's but is known:
     * a compressed file, text. Empty when it is none of those.
     */
    public static String hint(int magic) {
        int two = magic >>> 16;
        if (two == GZIP_MAGIC || magic == ZSTD_MAGIC) {
            return "; it looks compressed (" + (two == GZIP_MAGIC ? "gzip" : "zstd") + "): name the file itself, which"
                    + " is decompressed as it is read";
        }
        if (magic == 0xfd377a58) {
            return "; it is xz-compressed: decompress it first (xz -dc FILE | preflight analyze -)";
        }
        if (magic >>> 8 == 0x425a68) {
            return "; it is bzip2-compressed: decompress it first (bzip2 -dc FILE | preflight analyze -)";
        }
        if (magic == 0x04224d18) {
            return "; it is lz4-compressed: decompress it first (lz4 -dc FILE | preflight analyze -)";
        }
        if (magic == 0x504b0304) {
            return "; it is a zip archive: unzip it first";
        }
        boolean text = true;
        for (int i = 0; i < 4; i++) {
            int c = (magic >>> (24 - 8 * i)) & 0xff;
            text &= c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t';
        }
        return text ? "; it looks like text (tcpdump's printed output?): write the capture with tcpdump -w FILE" : "";
    }
}
