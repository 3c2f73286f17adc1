package io.gossippreflight.analyzer.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
        if (backend == Backend.PCAP4J) {
            return Pcap4jFileSource.open(path);
        }
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n < 4) {
            throw new CaptureFormatException(path, 0, "file is " + n + " bytes: empty or cut short, not a capture");
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        boolean buffered = backend == Backend.BUFFERED;
        if (magic == PcapNgReader.SHB) {
            return buffered ? PcapNgReader.openBuffered(path) : PcapNgReader.open(path);
        }
        return buffered ? ClassicPcapReader.openBuffered(path) : ClassicPcapReader.open(path);
    }
}
