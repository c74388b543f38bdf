package io.kestrastack.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a release publishes, checked on this build's own output (the modules before this one in the reactor
 * are packaged when this integration test runs): each library jar with its sources and Javadoc jars, a manifest
 * {@code Automatic-Module-Name} equal to the JPMS name in its {@code module-info}, the metadata Maven Central
 * asks for, and a BOM that lists exactly the published modules at the build's version.
 */
class PublishedArtifactsIT {

    /** The published library modules and their JPMS names. */
    static final List<List<String>> LIBRARIES = List.of(
            List.of("kestra-stack-core", "io.kestrastack.core"),
            List.of("kestra-stack-proxy", "io.kestrastack.proxy"),
            List.of("kestra-stack-lint", "io.kestrastack.lint"),
            List.of("kestra-stack-kubernetes", "io.kestrastack.kubernetes"),
            List.of("kestra-stack-check", "io.kestrastack.check"));

    static final Path ROOT = Path.of("..");

    static Document pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the first direct child {@code name} of {@code parent}, or "" when absent. */
    static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return "";
    }

    static String version() throws Exception {
        return child(pom(ROOT.resolve("pom.xml")).getDocumentElement(), "version");
    }

    static Path jar(String module, String classifier) throws Exception {
        return ROOT.resolve(module).resolve("target")
                .resolve(module + "-" + version() + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
    }

    @Test
    void each_library_jar_has_an_automatic_module_name_equal_to_its_module_descriptor() throws Exception {
        for (List<String> library : LIBRARIES) {
            Path jar = jar(library.get(0), "");
            assertTrue(Files.isRegularFile(jar), jar + " missing: run ./mvnw verify");
            List<ModuleReference> found = new ArrayList<>(ModuleFinder.of(jar).findAll());
            assertEquals(1, found.size(), jar.toString());
            ModuleDescriptor descriptor = found.get(0).descriptor();
            assertFalse(descriptor.isAutomatic(), jar + " has no module-info.class");
            assertEquals(library.get(1), descriptor.name(), jar.toString());
            try (JarFile file = new JarFile(jar.toFile())) {
                assertEquals(descriptor.name(), file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"),
                        jar.toString());
            }
        }
    }

    @Test
    void each_library_ships_sources_and_javadoc_jars() throws Exception {
        for (List<String> library : LIBRARIES) {
            Path sources = jar(library.get(0), "sources");
            Path javadoc = jar(library.get(0), "javadoc");
            try (JarFile s = new JarFile(sources.toFile()); JarFile j = new JarFile(javadoc.toFile())) {
                assertTrue(s.stream().anyMatch(e -> e.getName().equals("module-info.java")), sources.toString());
                assertTrue(j.stream().anyMatch(e -> e.getName().endsWith("index.html")), javadoc.toString());
            }
        }
    }

    @Test
    void the_parent_and_the_bom_carry_license_scm_and_developer_metadata() throws Exception {
        for (Path file : List.of(ROOT.resolve("pom.xml"), ROOT.resolve("kestra-stack-bom/pom.xml"))) {
            Element project = pom(file).getDocumentElement();
            for (String element : List.of("name", "description", "url", "licenses", "developers", "scm")) {
                assertFalse(child(project, element).isEmpty(), file + " has no " + element);
            }
            Element scm = (Element) project.getElementsByTagName("scm").item(0);
            assertFalse(child(scm, "connection").isEmpty(), file + " scm connection");
        }
    }

    @Test
    void the_bom_lists_exactly_the_published_libraries_at_the_build_version() throws Exception {
        Element bom = pom(ROOT.resolve("kestra-stack-bom/pom.xml")).getDocumentElement();
        assertEquals(version(), child(bom, "version"));
        assertEquals("", child(bom, "parent"), "a BOM with a parent would import the parent's test dependencies");
        Element management = (Element) bom.getElementsByTagName("dependencyManagement").item(0);
        NodeList dependencies = management.getElementsByTagName("dependency");
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            assertEquals("io.kestrastack", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"));
            listed.add(child(d, "artifactId"));
        }
        assertEquals(LIBRARIES.stream().map(l -> l.get(0)).toList(), listed);
    }

    @Test
    void the_published_libraries_are_exactly_the_modules_that_are_deployed() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml")).getDocumentElement();
        NodeList modules = ((Element) parent.getElementsByTagName("modules").item(0)).getElementsByTagName("module");
        List<String> deployed = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().strip();
            String text;
            try (InputStream in = Files.newInputStream(ROOT.resolve(module).resolve("pom.xml"))) {
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (!module.equals("kestra-stack-bom") && !text.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                deployed.add(module);
            }
        }
        assertEquals(LIBRARIES.stream().map(l -> l.get(0)).toList(), deployed);
    }

}
