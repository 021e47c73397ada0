package dev.river.main;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The settings of one service (every key under a prefix such as {@code river.serve.}) and what each accepts, so
 * that a bad setting stops the service before Camel starts, with one line naming it.
 *
 * <p>A service declares a {@link SettingRule} per key next to its settings class, and {@link Relation}s between
 * keys (a delay between its minimum and maximum). Keys of the packaged application.properties that have no
 * declared rule get one {@linkplain SettingRule#inferredFrom inferred from their default}, so a newly added
 * property is checked from the start. A key under the prefix that is neither packaged nor declared is refused
 * as unknown, with the nearest real key as suggestion.
 */
public final class SettingsValidator {

    /** A check across settings; given each setting's effective value (null when not set). */
    @FunctionalInterface
    public interface Relation {
        /** @throws InvalidSettingException naming the setting to change */
        void check(Function<String, String> settings);
    }

    private final String prefix;
    private final Map<String, SettingRule> rules = new LinkedHashMap<>();
    private final List<Relation> relations = new ArrayList<>();

    private SettingsValidator(String prefix) {
        this.prefix = prefix;
    }

    /** A validator for the keys starting with {@code prefix}, e.g. {@code river.proxy.}. */
    public static SettingsValidator forPrefix(String prefix) {
        return new SettingsValidator(prefix);
    }

    /** Declares what {@code key} accepts. */
    public SettingsValidator rule(String key, SettingRule rule) {
        rules.put(key, rule);
        return this;
    }

    /** Declares a check across settings, run once every single setting is valid. */
    public SettingsValidator relation(Relation relation) {
        relations.add(relation);
        return this;
    }

    public String prefix() {
        return prefix;
    }

    /** The declared rules, in declaration order. */
    public Map<String, SettingRule> rules() {
        return Collections.unmodifiableMap(rules);
    }

    /** The declared rule of {@code key}, else the one inferred from its packaged default. */
    public SettingRule ruleFor(String key, String packagedDefault) {
        SettingRule r = rules.get(key);
        return r != null ? r : SettingRule.inferredFrom(key, packagedDefault);
    }

    /**
     * Checks the declared keys as {@code lookup} sees them (a null value is not set and not checked), then the
     * relations.
     *
     * @throws InvalidSettingException naming the first setting that is not valid
     */
    public void check(Function<String, String> lookup) {
        for (Map.Entry<String, SettingRule> e : rules.entrySet()) {
            String v = lookup.apply(e.getKey());
            if (v != null && !v.contains("{{")) {
                e.getValue().check(e.getKey(), v);
            }
        }
        for (Relation r : relations) {
            r.check(lookup);
        }
    }

    /**
     * The check a service runs before Camel starts: first unknown keys (options and system properties under
     * {@code river.}, environment variables named like this service's keys), then every packaged or declared
     * key's effective value (option, else environment variable, else system property, else packaged), then the
     * relations.
     *
     * @param packaged the service's packaged application.properties
     * @param options  the {@code --key=value} options
     * @throws InvalidSettingException naming the first setting that is not valid
     */
    public void checkStartup(Properties packaged, Properties options, Map<String, String> env, Properties system) {
        TreeSet<String> known = new TreeSet<>(packaged.stringPropertyNames());
        known.addAll(rules.keySet());
        for (String key : new TreeSet<>(options.stringPropertyNames())) {
            if (key.startsWith("river.") && !known.contains(key)) {
                throw unknown("setting", key, known);
            }
        }
        for (String key : new TreeSet<>(system.stringPropertyNames())) {
            if (key.startsWith(prefix) && !known.contains(key)) {
                throw unknown("setting", key, known);
            }
        }
        String envPrefix = SettingKeys.envName(prefix);
        TreeSet<String> knownEnv = new TreeSet<>();
        known.forEach(k -> knownEnv.add(SettingKeys.envName(k)));
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(envPrefix) && !knownEnv.contains(name)) {
                throw unknown("environment variable", name, knownEnv);
            }
        }
        Function<String, String> effective = key -> {
            String v = options.getProperty(key);
            if (v == null) {
                v = env.get(SettingKeys.envName(key));
            }
            if (v == null) {
                v = system.getProperty(key);
            }
            return v != null ? v : packaged.getProperty(key);
        };
        for (String key : known) {
            String v = effective.apply(key);
            if (v != null && !v.contains("{{")) {
                ruleFor(key, packaged.getProperty(key)).check(key, v);
            }
        }
        for (Relation r : relations) {
            r.check(effective);
        }
    }

    private InvalidSettingException unknown(String what, String name, TreeSet<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        boolean close = best != null && bestDistance <= Math.max(2, name.length() / 8);
        String hint = "setting".equals(what)
                ? "not a setting of this service; its settings start with " + prefix
                : "not a setting of this service; its variables start with " + SettingKeys.envName(prefix);
        return InvalidSettingException.unknown(what, name, close ? best : null, hint);
    }

    /** Levenshtein distance: the fewest single-character edits that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
