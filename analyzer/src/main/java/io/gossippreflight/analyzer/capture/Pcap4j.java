package io.gossippreflight.analyzer.capture;

/** Turns "libpcap cannot be loaded" into the analyzer's environment failure with the remedy. */
final class Pcap4j {
    static final String REMEDY = "install libpcap (Debian/Ubuntu: apt-get install libpcap0.8; RHEL: dnf install libpcap)";

    interface Call<T> {
        T run() throws CaptureException;
    }

    private Pcap4j() {
    }

    static <T> T call(Call<T> c) throws CaptureException {
        try {
            return c.run();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CaptureEnvironmentException("libpcap could not be loaded (" + e.getMessage() + "): " + REMEDY, e);
        } catch (ExceptionInInitializerError e) {
            throw new CaptureEnvironmentException("libpcap could not be loaded: " + REMEDY, e);
        }
    }
}
