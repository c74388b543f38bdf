package io.kestrastack.kubernetes;

import io.kestrastack.internal.Problems;

/** Kubernetes name rules (DNS-1123 labels and subdomains, Secret keys, quantities). */
final class Names {

    private Names() {}

    /** A DNS-1123 label: namespaces, Service names (at most 63). */
    static boolean isLabel(String name) {
        return name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    }

    static void dnsLabel(Problems p, String path, String name) {
        if (!isLabel(name)) {
            p.add(path, "invalid-name", "'" + name + "' is not a DNS-1123 label",
                    "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    static void dnsSubdomain(Problems p, String path, String name) {
        if (name.length() > 253 || !name.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            p.add(path, "invalid-name", "'" + name + "' is not a DNS-1123 subdomain",
                    "use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
    }

    static void secretKey(Problems p, String path, String key) {
        if (!key.matches("[-._a-zA-Z0-9]{1,253}")) {
            p.add(path, "invalid-key", "'" + key + "' is not a valid Secret key", "use letters, digits, '-', '_' and '.'");
        }
    }
}
