package dev.drydock.bench;

/** Latencies in 100 ns buckets up to 100 ms (one overflow bucket past that); one per thread, merged at the end. */
final class LatencyHistogram {
    private static final long BUCKET_NANOS = 100;
    private final long[] counts = new long[1_000_001];
    private long total;

    void record(long nanos) {
        int b = (int) Math.min(counts.length - 1, nanos / BUCKET_NANOS);
        counts[b]++;
        total++;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The latency below which {@code q} of the samples fall, in milliseconds (bucket upper bound). */
    double quantileMillis(double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && seen > 0) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return Double.NaN;
    }
}
