package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Opens a capture file with the right reader, chosen by its magic number. */
public final class CaptureFiles {
    /** Which reader to use. */
    public enum Backend {
        /** This project's readers over a buffered file channel (the fastest for big files). */
        BUFFERED,
        /** This project's readers over a memory mapping. */
        MAPPED,
        /** libpcap through pcap4j (classic pcap, and pcapng with one link type). */
        PCAP4J
    }

    private CaptureFiles() {
    }

    public static PacketSource open(Path path) throws IOException {
        return open(path, Backend.BUFFERED);
    }

    public static PacketSource open(Path path, Backend backend) throws IOException {
        check(path);
        if (backend == Backend.PCAP4J) {
            return Pcap4jFileSource.open(path);
        }
        boolean ng = magic(path) == PcapNgReader.SHB;
        if (backend == Backend.BUFFERED) {
            return ng ? PcapNgReader.openBuffered(path) : ClassicPcapReader.openBuffered(path);
        }
        return ng ? PcapNgReader.open(path) : ClassicPcapReader.open(path);
    }

    /**
     * Opens a capture read through the buffers of {@code ring} (a reading thread ahead of the
     * analysing one): frames stay valid until their buffer is given back. {@code onRetire} is
     * called, on the reading thread, with each buffer the reader has moved past.
     */
    public static PacketSource openRing(Path path, BufferRing ring, Consumer<ByteBuffer> onRetire) throws IOException {
        check(path);
        boolean ng = magic(path) == PcapNgReader.SHB;
        RingWindow w = new RingWindow(path, ring, onRetire);
        return ng ? PcapNgReader.open(path, w) : ClassicPcapReader.open(path, w);
    }

    private static void check(Path path) throws CaptureUsageException {
        if (!Files.exists(path)) {
            throw new CaptureUsageException(path + ": no such capture file", new NoSuchFileException(path.toString()));
        }
        if (Files.isDirectory(path)) {
            throw new CaptureUsageException(path + ": is a directory, not a capture file", null);
        }
        if (!Files.isReadable(path)) {
            throw new CaptureUsageException(path + ": cannot read the capture file (permission denied)",
                    new AccessDeniedException(path.toString()));
        }
    }

    private static int magic(Path path) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n < 4) {
            throw new CaptureFormatException(path, 0, "file is " + n + " bytes: empty or cut short, not a capture");
        }
        return ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    }
}
