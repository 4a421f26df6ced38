package com.continentsapi.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An administrator who follows a console page builds what its script builds: each page has a table with one row per
 * setting of the script (the option or attribute in its last column, the value in code), and the test compares that
 * table with the script itself. A setting the page forgets, a value that differs, or a row the script does not set
 * fails here, without a server: nobody can start Payara Server 7 in this build, and the WildFly console test
 * (AdminConsoleIT) only runs with -Pbrowser.
 */
class ConsoleStepsTest {

    static final Path PROJECT = Path.of(System.getProperty("stack.basedir", "."));
    static final Pattern CODE = Pattern.compile("`([^`]*)`");

    @Test
    void thePayaraServerConsoleStepsSetEverySettingOfCreateDatasource() throws IOException {
        Map<String, String> script = ScriptSettings.asadmin(read("server-config/payara-server/create-datasource.asadmin"));

        assertSameSettings("server-config/payara-server/create-datasource.asadmin", script, "server-config/payara-server/README.md");
    }

    /** What makes the script tested at all: Payara Micro runs the same commands at every boot of every IT. */
    @Test
    void createDatasourceRunsTheCommandsOfPayaraMicrosPostBootFile() throws IOException {
        List<String> commands = ScriptSettings.commands(read("server-config/payara-server/create-datasource.asadmin"));

        assertFalse(commands.isEmpty());
        assertEquals(commands, ScriptSettings.commands(read("server-config/payara-micro/post-boot-commands.asadmin")));
    }

    @Test
    void theWildFlyConsoleStepsSetEverySettingOfConfigureCli() throws IOException {
        Map<String, String> script = new LinkedHashMap<>(ScriptSettings.jbossCli(read("server-config/wildfly/configure.cli")));

        assertTrue(script.keySet().containsAll(List.of("connection-url", "flush-strategy", "integrated-jaspi")), script.toString());
        // The one difference by design: the console cannot add a module, so the driver is the deployed jar, named after its file.
        assertEquals("mysql", script.put("driver-name", "mysql-connector-j.jar"));
        assertSameSettings("server-config/wildfly/configure.cli", script, "server-config/wildfly/README.md");
    }

    private static void assertSameSettings(String scriptName, Map<String, String> script, String page) throws IOException {
        Map<String, String> console = consoleTable(read(page));
        List<String> differences = new ArrayList<>();
        for (String setting : new TreeSet<>(script.keySet())) {
            if (!console.containsKey(setting)) {
                differences.add(setting + ": the script sets " + script.get(setting) + ", the page never does");
            } else if (!console.get(setting).equals(script.get(setting))) {
                differences.add(setting + ": the script sets " + script.get(setting) + ", the page " + console.get(setting));
            }
        }
        for (String setting : new TreeSet<>(console.keySet())) {
            if (!script.containsKey(setting)) {
                differences.add(setting + ": the page sets " + console.get(setting) + ", the script never does");
            }
        }
        assertTrue(differences.isEmpty(), page + " builds something else than " + scriptName + ":\n" + String.join("\n", differences));
    }

    /**
     * The page's table whose last column is headed "Script": the setting in that column's code, its value in the
     * code of the column before.
     */
    static Map<String, String> consoleTable(String page) {
        Map<String, String> settings = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : page.lines().toList()) {
            List<String> cells = cells(line);
            if (cells.isEmpty()) {
                inTable = false;
            } else if (cells.getLast().strip().equals("Script")) {
                inTable = true;
            } else if (inTable && !cells.getLast().startsWith("-")) {
                String setting = code(cells.getLast(), line);
                String value = code(cells.get(cells.size() - 2), line);
                assertFalse(settings.containsKey(setting), setting + " has two rows");
                settings.put(setting, value);
            }
        }
        assertFalse(settings.isEmpty(), "no table whose last column is headed Script");
        return settings;
    }

    static List<String> cells(String line) {
        String row = line.strip();
        if (!row.startsWith("|")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>(List.of(row.substring(1).split("\\|", -1)));
        if (cells.getLast().isBlank()) {
            cells.removeLast();
        }
        return cells.stream().map(String::strip).toList();
    }

    static String code(String cell, String line) {
        Matcher code = CODE.matcher(cell);
        assertTrue(code.find(), "no value in code in: " + line);
        return code.group(1);
    }

    static String read(String relative) throws IOException {
        return Files.readString(PROJECT.resolve(relative));
    }
}
