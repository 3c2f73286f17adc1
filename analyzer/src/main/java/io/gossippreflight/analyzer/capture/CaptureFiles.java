package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
        return open(path, backend, path.toString());
    }

    /**
     * Opens a regular capture file (see {@link CaptureInputs} for pipes, stdin and compressed
     * files), naming it {@code shown} in messages.
     */
    public static PacketSource open(Path path, Backend backend, String shown) throws IOException {
        check(path);
        if (backend == Backend.PCAP4J) {
            return Pcap4jFileSource.open(path, shown);
        }
        boolean ng = magic(path, shown) == PcapNgReader.SHB;
        if (backend == Backend.BUFFERED) {
            return ng ? PcapNgReader.openBuffered(path, shown) : ClassicPcapReader.openBuffered(path, shown);
        }
        return ng ? PcapNgReader.open(shown, new MappedFile(path, MappedFile.DEFAULT_WINDOW))
                : ClassicPcapReader.open(shown, new MappedFile(path, MappedFile.DEFAULT_WINDOW));
    }

    /**
     * Opens a capture read through the buffers of {@code ring} (a reading thread ahead of the
     * analysing one): frames stay valid until their buffer is given back. {@code onRetire} is
     * called, on the reading thread, with each buffer the reader has moved past.
     */
    public static PacketSource openRing(Path path, BufferRing ring, Consumer<ByteBuffer> onRetire) throws IOException {
        return openRing(path, path.toString(), ring, onRetire);
    }

    /** As {@link #openRing(Path, BufferRing, Consumer)}, naming the file {@code shown} in messages. */
    public static PacketSource openRing(Path path, String shown, BufferRing ring, Consumer<ByteBuffer> onRetire)
            throws IOException {
        check(path);
        boolean ng = magic(path, shown) == PcapNgReader.SHB;
        RingWindow w = new RingWindow(path, ring, onRetire);
        return ng ? PcapNgReader.open(shown, w) : ClassicPcapReader.open(shown, w);
    }

    /** Only regular files are opened here: a FIFO or device would block or never end. */
    private static void check(Path path) throws CaptureUsageException {
        if (CaptureInputs.check(path) != 0100000) {
            throw new CaptureUsageException(path + ": is a pipe; read it through CaptureInputs.prepare", null);
        }
    }

    private static int magic(Path path, String shown) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n < 4) {
            throw new CaptureFormatException(shown, 0, "file is " + n + " bytes: empty or cut short, not a capture");
        }
        return ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    }
}
