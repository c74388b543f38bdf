package io.kestrastack.kubernetes;

import io.kestrastack.internal.Problems;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Resource requests and limits of one Kestra container. The JVM heap ({@code -Xmx} in {@code JAVA_OPTS},
 * which Kestra's launcher passes to {@code java}: {@code gradle/jar/selfrun.sh}) is derived from the
 * memory limit, leaving the rest for metaspace, threads and direct buffers.
 *
 * @param cpuRequest CPU request, such as {@code 500m} or {@code 2}
 * @param memory memory request and limit (equal, so the pod is never OOM-killed for bursting), such as
 *     {@code 2Gi}
 * @param cpuLimit CPU limit, or {@code null} for none (no CPU throttling)
 * @param heapPercent share of the memory limit given to the heap, 25 to 90
 */
public record PodResources(String cpuRequest, String memory, @Nullable String cpuLimit, int heapPercent) {

    private static final Pattern MEMORY = Pattern.compile("([0-9]{1,7})(Mi|Gi)");
    private static final Pattern CPU = Pattern.compile("[0-9]{1,4}m|[0-9]{1,3}(\\.[0-9]{1,3})?");

    public PodResources {
        Objects.requireNonNull(cpuRequest, "cpuRequest");
        Objects.requireNonNull(memory, "memory");
    }

    /** {@code 500m} CPU, {@code 2Gi} memory, no CPU limit, heap 75% of memory. */
    public static PodResources defaults() {
        return new PodResources("500m", "2Gi", null, 75);
    }

    /** Memory in MiB. */
    public long memoryMebibytes() {
        Matcher m = MEMORY.matcher(memory);
        if (!m.matches()) {
            throw new IllegalStateException("unchecked memory quantity");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("Gi") ? n * 1024 : n;
    }

    /** The heap size in MiB: {@code heapPercent} of the memory limit. */
    public long heapMebibytes() {
        return memoryMebibytes() * heapPercent / 100;
    }

    void check(Problems p, String path) {
        if (!CPU.matcher(cpuRequest).matches()) {
            p.add(path + ".cpuRequest", "invalid-quantity", "'" + cpuRequest + "' is not a CPU quantity", "use 500m or 2");
        }
        if (cpuLimit != null && !CPU.matcher(cpuLimit).matches()) {
            p.add(path + ".cpuLimit", "invalid-quantity", "'" + cpuLimit + "' is not a CPU quantity", "use 1 or 2000m");
        }
        if (!MEMORY.matcher(memory).matches()) {
            p.add(path + ".memory", "invalid-quantity", "'" + memory + "' is not a memory quantity in Mi or Gi",
                    "use 2Gi or 1536Mi");
        } else if (memoryMebibytes() < 512) {
            p.add(path + ".memory", "too-little-memory", "Kestra needs at least 512Mi", "give it 1Gi or more");
        }
        if (heapPercent < 25 || heapPercent > 90) {
            p.add(path + ".heapPercent", "out-of-range", "the heap share must be 25 to 90 percent", "keep the default of 75");
        }
    }
}
