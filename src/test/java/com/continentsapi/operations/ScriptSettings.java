package com.continentsapi.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server-config scripts set, setting by setting, for the tests that compare a console's result with them:
 * create-datasource.asadmin (Payara Server) and configure.cli (WildFly).
 */
public final class ScriptSettings {

    static final Pattern ASADMIN_PROPERTY = Pattern.compile("set resources\\.jdbc-connection-pool\\.[^.]+\\.property\\.([^=]+)=(.*)");
    static final Pattern CLI_OPTION = Pattern.compile("--([a-z-]+)=(\\S+)");
    static final Pattern CLI_WRITE_ATTRIBUTE = Pattern.compile(":write-attribute\\(name=([a-z-]+), *value=([^)]+)\\)");

    private ScriptSettings() {
    }

    /** Each option of the create commands (their operand under the command's name), and each pool property. */
    public static Map<String, String> asadmin(String script) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String command : commands(script)) {
            Matcher property = ASADMIN_PROPERTY.matcher(command);
            if (property.matches()) {
                settings.put("property." + property.group(1), property.group(2));
                continue;
            }
            String[] words = command.split("\\s+");
            if (!words[0].startsWith("create-") || words.length % 2 != 0) {
                throw new IllegalArgumentException("not a create command with --option value pairs and a name: " + command);
            }
            for (int i = 1; i < words.length - 1; i += 2) {
                settings.put(words[i], words[i + 1]);
            }
            settings.put(words[0], words[words.length - 1]);
        }
        return settings;
    }

    /** The options of `data-source add` (attribute names), and each attribute a `write-attribute` sets. */
    public static Map<String, String> jbossCli(String script) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String command : commands(script.replace("\\\n", " "))) {
            if (command.startsWith("data-source add ")) {
                Matcher option = CLI_OPTION.matcher(command);
                while (option.find()) {
                    settings.put(option.group(1), option.group(2));
                }
            }
            Matcher attribute = CLI_WRITE_ATTRIBUTE.matcher(command);
            if (attribute.find()) {
                settings.put(attribute.group(1), attribute.group(2).strip());
            }
        }
        return settings;
    }

    /** The lines that are commands: neither blank nor a comment. */
    public static List<String> commands(String script) {
        return script.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
