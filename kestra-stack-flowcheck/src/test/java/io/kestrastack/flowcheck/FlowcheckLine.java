package io.kestrastack.flowcheck;

/**
 * The io.kestra:core version this module's pom pins, passed by Surefire as the system property
 * {@code kestra.core.version}. Missing means the tests run outside the module's build: fail, never guess.
 */
final class FlowcheckLine {

    private FlowcheckLine() {}

    static String pinnedVersion() {
        String version = System.getProperty("kestra.core.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("system property kestra.core.version is not set: run these tests "
                    + "through Maven (kestra-stack-flowcheck or kestra-stack-flowcheck-1x), which sets it");
        }
        return version;
    }

    static int pinnedMajor() {
        String version = pinnedVersion();
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }
}
