package dev.river.ops.deploy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One river service as its build and code define it: module, image name and Jib container settings (pom.xml), jar
 * name and main class, and the defaults of its application.properties. What the deployment files are checked against.
 */
record RiverApp(String module, String propertyPrefix, String imageName, String jarName, String mainClass,
        Properties properties, List<String> jibPorts, Map<String, String> jibEnvironment) {

    static final Pattern TCP_PORT = Pattern.compile("^tcp://[^:/]+:(\\d+)$");
    static final Pattern HOST_PORT = Pattern.compile("^[^:/]+:(\\d+)$");

    static List<RiverApp> all(Path root) throws Exception {
        return List.of(load(root, "routes", "river.serve."), load(root, "proxy", "river.proxy."),
                load(root, "onnx-worker", "river.worker."));
    }

    static RiverApp load(Path root, String module, String prefix) throws Exception {
        Path dir = root.resolve(module);
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        Element props = child(project, "properties");
        String image = text(child(props, "river.image.name"));
        String main = text(child(props, "river.main.class"));
        String jar = text(child(child(project, "build"), "finalName")) + ".jar";
        List<String> ports = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("jib-maven-plugin".equals(text(child(plugin, "artifactId")))) {
                Element container = child(child(plugin, "configuration"), "container");
                for (Element port : children(child(container, "ports"))) {
                    ports.add(text(port));
                }
                for (Element e : children(child(container, "environment"))) {
                    env.put(e.getTagName(), text(e));
                }
            }
        }
        Properties p = new Properties();
        Path settings = dir.resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(settings)) {
            settings = dir.resolve("../application.properties"); // river-serve's settings are at the project's top level
        }
        try (InputStream in = Files.newInputStream(settings)) {
            p.load(in);
        }
        return new RiverApp(module, prefix, image, jar, main, p, ports, env);
    }

    /** The TCP and UDP ports the service listens on by default, from its properties (keys ending in "port", tcp:// binds). */
    Set<Integer> listeningPorts() {
        Set<Integer> ports = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith(propertyPrefix)) {
                continue;
            }
            String v = properties.getProperty(key).trim();
            if (key.endsWith("port") && v.matches("\\d+")) {
                ports.add(Integer.parseInt(v));
            }
            Matcher m = TCP_PORT.matcher(v);
            if ((key.endsWith(".frontend") || key.endsWith(".backend")) && m.matches()) {
                ports.add(Integer.parseInt(m.group(1)));
            }
        }
        return ports;
    }

    int managementPort() {
        return Integer.parseInt(properties.getProperty(propertyPrefix + "management-port"));
    }

    int shutdownTimeoutSeconds() {
        return Integer.parseInt(properties.getProperty("camel.main.shutdown-timeout"));
    }

    static int portOf(String tcpAddress) {
        Matcher m = TCP_PORT.matcher(tcpAddress);
        if (!m.matches()) {
            throw new IllegalArgumentException("not tcp://host:port: " + tcpAddress);
        }
        return Integer.parseInt(m.group(1));
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> list = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    list.add(e);
                }
            }
        }
        return list;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }
}
