package io.kestrastack.proxy;

import io.kestrastack.Scheme;
import io.kestrastack.StackConfigException;
import io.kestrastack.internal.Problems;
import io.kestrastack.proxy.internal.Networks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How an edge proxies Kestra: timeouts, request size, security headers, access logging, compression and
 * an optional allow-list of client networks. {@link CaddyEdge} and {@link NginxEdge} render the same
 * settings in their own syntax.
 *
 * <p>What the model deliberately cannot express: response buffering or caching for Kestra (both are always
 * off, so that the UI's server-sent-event streams of logs and executions arrive as they are written),
 * compression of {@code text/event-stream}, and timeouts too short for a stream that stays idle while a
 * flow waits. Forwarded headers are not options either: the edge always sends {@code Host},
 * {@code X-Forwarded-For}, {@code X-Forwarded-Proto} (the scheme of the stack's public address),
 * {@code X-Forwarded-Host} and {@code X-Real-IP}, which Kestra needs to build its public URLs.
 *
 * <pre>{@code
 * ProxySettings proxy = ProxySettings.builder()
 *         .readTimeout(Duration.ofHours(2))
 *         .maxBodyMegabytes(2048)
 *         .addAllowedNetwork("10.0.0.0/8")
 *         .build();
 * }</pre>
 */
public final class ProxySettings {

    /** Default for {@link #readTimeout()}: one hour. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofHours(1);
    /** Default for {@link #sendTimeout()}: one hour. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofHours(1);
    /**
     * The shortest read timeout accepted: five minutes. Kestra sends no heartbeat on its event streams, so
     * a shorter timeout cuts the live log view of any flow that stays quiet for a while.
     */
    public static final Duration MIN_READ_TIMEOUT = Duration.ofMinutes(5);
    /** The shortest send timeout accepted: one minute. */
    public static final Duration MIN_SEND_TIMEOUT = Duration.ofMinutes(1);
    /** The longest timeout accepted: seven days. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    /** Default for {@link #maxBodyMegabytes()}: 1024 MiB, enough for flow and namespace-file uploads. */
    public static final long DEFAULT_MAX_BODY_MEGABYTES = 1024;
    /** The largest request-body limit accepted, in MiB (1 TiB). */
    public static final long MAX_BODY_MEGABYTES_LIMIT = 1024L * 1024;
    /** Default HSTS {@code max-age}: one year. */
    public static final Duration DEFAULT_HSTS_MAX_AGE = Duration.ofDays(365);
    /** The {@code max-age} browsers' preload lists require: one year. */
    public static final Duration HSTS_PRELOAD_MIN_AGE = Duration.ofDays(365);
    /** The longest response-header value accepted, in characters. */
    public static final int MAX_HEADER_VALUE_LENGTH = 2048;

    /**
     * Media types the edge compresses, when {@link #compression()} is on. Each also matches its
     * parameters ({@code ; charset=...}). {@code text/event-stream} is not and cannot be among them: a
     * compressor holds events back until its buffer fills.
     */
    public static final List<String> COMPRESSIBLE_TYPES = List.of(
            "text/html", "text/css", "text/plain", "text/javascript", "application/javascript", "application/json",
            "application/xml", "image/svg+xml");

    /**
     * Path endings of Kestra's server-sent-event endpoints ({@code .../executions/{id}/follow},
     * {@code .../executions/{id}/follow-dependencies}, {@code .../logs/{id}/follow}). Edges keep every
     * response-rewriting filter away from them; Caddy's {@code encode}, for one, holds a stream's headers back
     * until its first event even when it does not compress it.
     */
    public static final List<String> EVENT_STREAM_PATH_SUFFIXES = List.of("/follow", "/follow-dependencies");

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,9})\\s*([kKmMgGtT])(?:i?[bB])?");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");
    /** Headers with their own setters. */
    private static final Set<String> MANAGED_HEADERS = lowerCaseSet(
            "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy");
    /** Headers that describe the message or the connection, which an edge must not overwrite. */
    private static final Set<String> RESERVED_HEADERS = lowerCaseSet(
            "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
            "Content-Length", "Content-Type", "Content-Encoding", "Content-Range", "Location", "Set-Cookie", "Date",
            "Server", "Vary", "Alt-Svc", "Cache-Control", "ETag", "Last-Modified");

    /** {@code X-Frame-Options}. */
    public enum FrameOptions {
        /** No page may frame Kestra. */
        DENY,
        /** Only pages of the same origin may frame Kestra (the default). */
        SAMEORIGIN,
        /** The header is not sent. */
        OFF;

        /** The header value, or empty for {@link #OFF}. */
        public Optional<String> headerValue() {
            return this == OFF ? Optional.empty() : Optional.of(name());
        }
    }

    /** {@code Referrer-Policy}. */
    public enum ReferrerPolicy {
        /** {@code no-referrer}. */
        NO_REFERRER,
        /** {@code no-referrer-when-downgrade}. */
        NO_REFERRER_WHEN_DOWNGRADE,
        /** {@code origin}. */
        ORIGIN,
        /** {@code origin-when-cross-origin}. */
        ORIGIN_WHEN_CROSS_ORIGIN,
        /** {@code same-origin}. */
        SAME_ORIGIN,
        /** {@code strict-origin}. */
        STRICT_ORIGIN,
        /** {@code strict-origin-when-cross-origin} (the default). */
        STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        /** {@code unsafe-url}. */
        UNSAFE_URL,
        /** The header is not sent. */
        OFF;

        /** The header value, or empty for {@link #OFF}. */
        public Optional<String> headerValue() {
            return this == OFF ? Optional.empty() : Optional.of(name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    /**
     * HTTP Strict Transport Security, sent only when the stack's public address is https.
     *
     * @param maxAge how long browsers remember to use https only
     * @param includeSubDomains whether the rule covers every subdomain of the host
     * @param preload whether the host asks to be put on browsers' preload lists (a commitment for months)
     */
    public record Hsts(Duration maxAge, boolean includeSubDomains, boolean preload) {
        public Hsts {
            Objects.requireNonNull(maxAge, "maxAge");
        }

        /** The header value, for example {@code max-age=31536000; includeSubDomains}. */
        public String headerValue() {
            return "max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : "")
                    + (preload ? "; preload" : "");
        }
    }

    private final Duration readTimeout;
    private final Duration sendTimeout;
    private final long maxBodyMegabytes;
    private final boolean contentTypeOptions;
    private final FrameOptions frameOptions;
    private final ReferrerPolicy referrerPolicy;
    private final @Nullable Hsts hsts;
    private final Map<String, String> responseHeaders;
    private final boolean accessLog;
    private final List<String> allowedNetworks;
    private final boolean compression;

    private ProxySettings(Builder b, long maxBodyMegabytes, @Nullable Hsts hsts, List<String> allowedNetworks) {
        this.readTimeout = b.readTimeout;
        this.sendTimeout = b.sendTimeout;
        this.maxBodyMegabytes = maxBodyMegabytes;
        this.contentTypeOptions = b.contentTypeOptions;
        this.frameOptions = b.frameOptions;
        this.referrerPolicy = b.referrerPolicy;
        this.hsts = hsts;
        this.responseHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.responseHeaders));
        this.accessLog = b.accessLog;
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.compression = b.compression;
    }

    /** A builder with the defaults described on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings with every default. */
    public static ProxySettings defaults() {
        return builder().build();
    }

    /** A builder pre-filled with these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** How long the edge waits between two reads from Kestra before it gives up on a response. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** How long the edge waits between two writes to Kestra before it gives up on a request. */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** The largest request body the edge accepts, in MiB. */
    public long maxBodyMegabytes() {
        return maxBodyMegabytes;
    }

    /** Whether {@code X-Content-Type-Options: nosniff} is sent. */
    public boolean contentTypeOptions() {
        return contentTypeOptions;
    }

    /** {@code X-Frame-Options}. */
    public FrameOptions frameOptions() {
        return frameOptions;
    }

    /** {@code Referrer-Policy}. */
    public ReferrerPolicy referrerPolicy() {
        return referrerPolicy;
    }

    /** HSTS, if enabled; sent only over https. */
    public Optional<Hsts> hsts() {
        return Optional.ofNullable(hsts);
    }

    /** Extra response headers, in the order they were added. */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    /** Whether the edge logs each request. */
    public boolean accessLog() {
        return accessLog;
    }

    /**
     * Client networks allowed to reach Kestra (IPv4 or IPv6 addresses or CIDR ranges); empty means every
     * client.
     */
    public List<String> allowedNetworks() {
        return allowedNetworks;
    }

    /** Whether responses of the {@link #COMPRESSIBLE_TYPES} are compressed. */
    public boolean compression() {
        return compression;
    }

    /**
     * Every header the edge adds to Kestra's responses at {@code address}, in a stable order:
     * {@code X-Content-Type-Options}, {@code X-Frame-Options}, {@code Referrer-Policy},
     * {@code Strict-Transport-Security}, then {@link #responseHeaders()}. HSTS is sent only over https and
     * never for a loopback host: browsers would then refuse plain HTTP to every other local service on
     * that name.
     */
    public Map<String, String> headersFor(io.kestrastack.PublicAddress address) {
        return headersFor(address.scheme(), !address.isLoopback());
    }

    /**
     * Every header the edge adds to Kestra's responses when the public address has {@code scheme} and is
     * not a loopback host; see {@link #headersFor(io.kestrastack.PublicAddress)}.
     */
    public Map<String, String> headersFor(Scheme scheme) {
        return headersFor(scheme, true);
    }

    private Map<String, String> headersFor(Scheme scheme, boolean hstsAllowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (contentTypeOptions) {
            out.put("X-Content-Type-Options", "nosniff");
        }
        frameOptions.headerValue().ifPresent(v -> out.put("X-Frame-Options", v));
        referrerPolicy.headerValue().ifPresent(v -> out.put("Referrer-Policy", v));
        if (hsts != null && scheme == Scheme.HTTPS && hstsAllowed) {
            out.put("Strict-Transport-Security", hsts.headerValue());
        }
        out.putAll(responseHeaders);
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "ProxySettings[readTimeout=" + readTimeout + ", sendTimeout=" + sendTimeout + ", maxBody="
                + maxBodyMegabytes + "MiB, hsts=" + hsts + ", allowedNetworks=" + allowedNetworks + ", accessLog="
                + accessLog + ", compression=" + compression + "]";
    }

    private static Set<String> lowerCaseSet(String... names) {
        Set<String> out = new TreeSet<>();
        for (String n : names) {
            out.add(n.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(out);
    }

    /** Builds {@link ProxySettings}; every check runs in {@link #build()}. */
    public static final class Builder {
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private long maxBodyMegabytes = DEFAULT_MAX_BODY_MEGABYTES;
        private @Nullable String maxBodySize;
        private boolean contentTypeOptions = true;
        private FrameOptions frameOptions = FrameOptions.SAMEORIGIN;
        private ReferrerPolicy referrerPolicy = ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN;
        private @Nullable Duration hstsMaxAge = DEFAULT_HSTS_MAX_AGE;
        private boolean hstsIncludeSubDomains;
        private boolean hstsPreload;
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();
        private boolean accessLog = true;
        private final List<String> allowedNetworks = new ArrayList<>();
        private boolean compression = true;

        private Builder() {}

        private Builder(ProxySettings s) {
            readTimeout = s.readTimeout;
            sendTimeout = s.sendTimeout;
            maxBodyMegabytes = s.maxBodyMegabytes;
            contentTypeOptions = s.contentTypeOptions;
            frameOptions = s.frameOptions;
            referrerPolicy = s.referrerPolicy;
            hstsMaxAge = s.hsts == null ? null : s.hsts.maxAge();
            hstsIncludeSubDomains = s.hsts != null && s.hsts.includeSubDomains();
            hstsPreload = s.hsts != null && s.hsts.preload();
            responseHeaders.putAll(s.responseHeaders);
            accessLog = s.accessLog;
            allowedNetworks.addAll(s.allowedNetworks);
            compression = s.compression;
        }

        /**
         * How long the edge waits for the next bytes of a Kestra response. Defaults to one hour; at least
         * {@link ProxySettings#MIN_READ_TIMEOUT} (event streams can be idle that long), at most seven days,
         * in whole seconds.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How long the edge waits to pass the next bytes of a request to Kestra. Defaults to one hour; at
         * least one minute, at most seven days, in whole seconds.
         */
        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The largest request body, in MiB (flow and namespace-file uploads). Defaults to
         * {@value ProxySettings#DEFAULT_MAX_BODY_MEGABYTES}; between 1 and 1048576.
         */
        public Builder maxBodyMegabytes(long megabytes) {
            this.maxBodyMegabytes = megabytes;
            this.maxBodySize = null;
            return this;
        }

        /**
         * The largest request body as a size with a binary unit, such as {@code 200m}, {@code 2g} or
         * {@code 512MiB} ({@code k}, {@code m}, {@code g}, {@code t}, optionally followed by {@code iB} or
         * {@code B}; all mean powers of 1024). It must come to a whole number of MiB between 1 and 1048576.
         * Replaces {@link #maxBodyMegabytes(long)}.
         */
        public Builder maxBodySize(String size) {
            this.maxBodySize = Objects.requireNonNull(size, "size");
            return this;
        }

        /** Sends {@code X-Content-Type-Options: nosniff}. On by default. */
        public Builder contentTypeOptions(boolean enabled) {
            this.contentTypeOptions = enabled;
            return this;
        }

        /** {@code X-Frame-Options}. Defaults to {@link FrameOptions#SAMEORIGIN}. */
        public Builder frameOptions(FrameOptions options) {
            this.frameOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** {@code Referrer-Policy}. Defaults to {@link ReferrerPolicy#STRICT_ORIGIN_WHEN_CROSS_ORIGIN}. */
        public Builder referrerPolicy(ReferrerPolicy policy) {
            this.referrerPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Enables HSTS with this {@code max-age} (whole seconds, not negative). On by default with one year,
         * without {@code includeSubDomains} or {@code preload}. Sent only when the public address is https.
         */
        public Builder hsts(Duration maxAge) {
            this.hstsMaxAge = Objects.requireNonNull(maxAge, "maxAge");
            return this;
        }

        /** Adds {@code includeSubDomains} to HSTS. Off by default. */
        public Builder hstsIncludeSubDomains(boolean include) {
            this.hstsIncludeSubDomains = include;
            return this;
        }

        /**
         * Adds {@code preload} to HSTS. Off by default. Requires {@code includeSubDomains} and a
         * {@code max-age} of at least one year; being on the preload lists binds the whole domain for months.
         */
        public Builder hstsPreload(boolean preload) {
            this.hstsPreload = preload;
            return this;
        }

        /** Sends no HSTS header. */
        public Builder noHsts() {
            this.hstsMaxAge = null;
            this.hstsIncludeSubDomains = false;
            this.hstsPreload = false;
            return this;
        }

        /**
         * Adds a response header, such as {@code Content-Security-Policy}, or replaces the value of one
         * added before. The name uses letters, digits and {@code -}; the value printable ASCII without
         * leading or trailing spaces. Each edge also refuses values its own syntax cannot carry.
         */
        public Builder putResponseHeader(String name, String value) {
            responseHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the extra response headers (kept in the map's iteration order). */
        public Builder responseHeaders(Map<String, String> headers) {
            responseHeaders.clear();
            headers.forEach(this::putResponseHeader);
            return this;
        }

        /** Logs each request to the edge's standard output. On by default. */
        public Builder accessLog(boolean enabled) {
            this.accessLog = enabled;
            return this;
        }

        /**
         * Allows this client network (an IPv4 or IPv6 address, or a CIDR range such as {@code 10.0.0.0/8}) to
         * reach Kestra. With none, every client may.
         */
        public Builder addAllowedNetwork(String network) {
            allowedNetworks.add(Objects.requireNonNull(network, "network"));
            return this;
        }

        /** Replaces the allowed client networks. */
        public Builder allowedNetworks(List<String> networks) {
            allowedNetworks.clear();
            networks.forEach(this::addAllowedNetwork);
            return this;
        }

        /** Compresses responses of the {@link ProxySettings#COMPRESSIBLE_TYPES}. On by default. */
        public Builder compression(boolean enabled) {
            this.compression = enabled;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws StackConfigException with every problem: a timeout out of range or not in whole seconds;
         *     a body limit out of range or a size that is not whole MiB with a unit; an HSTS {@code max-age} that is negative or not in whole seconds, or
         *     {@code preload} without {@code includeSubDomains} and one year; a response header whose name is
         *     not a plain token, is managed by a setter of its own, describes the message or connection, or
         *     is given twice, or whose value is empty, not printable ASCII, padded with spaces or too long;
         *     an allowed network that is not an address or a CIDR range with no host bits set
         */
        public ProxySettings build() {
            Problems p = new Problems();
            timeout(p, "readTimeout", readTimeout, MIN_READ_TIMEOUT,
                    "Kestra's log and execution streams send nothing while a flow is quiet; a shorter timeout cuts"
                            + " the live view");
            timeout(p, "sendTimeout", sendTimeout, MIN_SEND_TIMEOUT, "slow uploads would be cut");
            long body = maxBodyMegabytes;
            String bodyPath = maxBodySize == null ? "maxBodyMegabytes" : "maxBodySize";
            if (maxBodySize != null) {
                body = megabytes(maxBodySize);
                if (body < 0) {
                    p.add("maxBodySize", "invalid-size", "the request-body size is not a whole number of MiB written"
                            + " with a unit", "write it like 200m, 2g or 512MiB");
                }
            }
            if (body >= 0 && (body < 1 || body > MAX_BODY_MEGABYTES_LIMIT)) {
                p.add(bodyPath, "body-limit-out-of-range",
                        "the request-body limit of " + body + " MiB is outside 1 to " + MAX_BODY_MEGABYTES_LIMIT,
                        "use a limit such as 1024 (MiB)");
            }
            Hsts hsts = null;
            if (hstsMaxAge != null) {
                boolean ok = true;
                if (hstsMaxAge.isNegative() || hstsMaxAge.getNano() != 0) {
                    p.add("hsts.maxAge", "invalid-hsts-max-age", "the HSTS max-age must be whole seconds, not negative",
                            "use a duration such as Duration.ofDays(365)");
                    ok = false;
                }
                if (hstsPreload && (!hstsIncludeSubDomains || hstsMaxAge.compareTo(HSTS_PRELOAD_MIN_AGE) < 0)) {
                    p.add("hsts.preload", "hsts-preload-requirements",
                            "HSTS preload needs includeSubDomains and a max-age of at least one year",
                            "call hstsIncludeSubDomains(true) and hsts(Duration.ofDays(365)), or drop preload");
                    ok = false;
                }
                if (ok) {
                    hsts = new Hsts(hstsMaxAge, hstsIncludeSubDomains, hstsPreload);
                }
            } else if (hstsIncludeSubDomains || hstsPreload) {
                p.add("hsts", "hsts-disabled", "includeSubDomains or preload is set but HSTS is off",
                        "call hsts(Duration.ofDays(365)) or drop includeSubDomains and preload");
            }
            checkHeaders(p);
            List<String> networks = new ArrayList<>();
            for (int i = 0; i < allowedNetworks.size(); i++) {
                String raw = allowedNetworks.get(i);
                String problem = Networks.problem(raw);
                if (problem != null) {
                    p.add("allowedNetworks[" + i + "]", "invalid-network", "allowed network #" + (i + 1) + " " + problem,
                            "write an address or a range such as 10.0.0.0/8 or 2001:db8::/32");
                } else if (networks.contains(Networks.normalize(raw))) {
                    p.add("allowedNetworks[" + i + "]", "duplicate-network",
                            "allowed network #" + (i + 1) + " is listed twice", "list each network once");
                } else {
                    networks.add(Networks.normalize(raw));
                }
            }
            p.throwIfAny();
            return new ProxySettings(this, body, hsts, networks);
        }

        /** MiB in {@code size}, or -1 when it is not a whole number of MiB with a unit. */
        private static long megabytes(String size) {
            java.util.regex.Matcher m = SIZE.matcher(size.strip());
            if (!m.matches()) {
                return -1;
            }
            long n = Long.parseLong(m.group(1));
            return switch (Character.toLowerCase(m.group(2).charAt(0))) {
                case 'k' -> n % 1024 == 0 ? n / 1024 : -1;
                case 'm' -> n;
                case 'g' -> n * 1024;
                case 't' -> n * 1024 * 1024;
                default -> -1;
            };
        }

        private static void timeout(Problems p, String path, Duration value, Duration min, String why) {
            if (value.getNano() != 0) {
                p.add(path, "timeout-not-whole-seconds", "the " + path + " must be whole seconds",
                        "use a duration such as Duration.ofMinutes(60)");
            } else if (value.compareTo(min) < 0) {
                p.add(path, "timeout-too-short", "the " + path + " of " + value.toSeconds() + "s is below "
                        + min.toSeconds() + "s: " + why, "use at least " + min.toSeconds() + "s (the default is 3600s)");
            } else if (value.compareTo(MAX_TIMEOUT) > 0) {
                p.add(path, "timeout-too-long", "the " + path + " is longer than seven days",
                        "use at most " + MAX_TIMEOUT.toSeconds() + "s");
            }
        }

        private void checkHeaders(Problems p) {
            Set<String> seen = new TreeSet<>();
            int i = 0;
            for (Map.Entry<String, String> e : responseHeaders.entrySet()) {
                String name = e.getKey();
                String value = e.getValue();
                boolean validName = HEADER_NAME.matcher(name).matches();
                String path = headerPath(name, i);
                String lower = name.toLowerCase(Locale.ROOT);
                if (!validName) {
                    p.add(path, "invalid-header-name", "response header #" + (i + 1)
                            + " has a name that is not letters, digits and '-' (starting with a letter, at most 64)",
                            "use a name such as Content-Security-Policy");
                } else if (MANAGED_HEADERS.contains(lower)) {
                    p.add(path, "managed-header", name + " has a setter of its own",
                            "use contentTypeOptions(...), frameOptions(...), referrerPolicy(...) or hsts(...)");
                } else if (RESERVED_HEADERS.contains(lower)) {
                    p.add(path, "reserved-header", name + " describes the message or the connection; the edge"
                            + " must not overwrite Kestra's value", "remove it");
                } else if (!seen.add(lower)) {
                    p.add(path, "duplicate-header", name + " is given twice (header names ignore case)",
                            "give each header once");
                }
                if (value.isEmpty()) {
                    p.add(path, "empty-header-value", "the value of response header #" + (i + 1) + " is empty",
                            "give it a value or remove it");
                } else if (value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                    p.add(path, "header-value-not-printable", "the value of response header #" + (i + 1)
                            + " has a control character, a line break or a non-ASCII character",
                            "use printable ASCII only");
                } else if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
                    p.add(path, "header-value-surrounding-space", "the value of response header #" + (i + 1)
                            + " starts or ends with a space, which HTTP drops", "remove the surrounding spaces");
                } else if (value.length() > MAX_HEADER_VALUE_LENGTH) {
                    p.add(path, "header-value-too-long", "the value of response header #" + (i + 1) + " is longer than "
                            + MAX_HEADER_VALUE_LENGTH + " characters", "shorten it");
                }
                i++;
            }
        }
    }

    /**
     * The violation path of the extra response header {@code name} at position {@code index}:
     * {@code responseHeaders.<name>} when the name is a plain token, {@code responseHeaders[index]} otherwise.
     */
    public static String headerPath(String name, int index) {
        return HEADER_NAME.matcher(name).matches() ? "responseHeaders." + name : "responseHeaders[" + index + "]";
    }
}
