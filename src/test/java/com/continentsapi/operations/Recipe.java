package com.continentsapi.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A recipe of the docs as the reader copies it: the fenced block right after {@code <!-- recipe: name -->} in a
 * Markdown file, so that a test runs or checks exactly the lines the reader sees.
 */
final class Recipe {

    private Recipe() {
    }

    static String of(Path markdown, String name) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        String marker = "<!-- recipe: " + name + " -->";
        List<Integer> markers = IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).strip().equals(marker)).boxed().toList();
        if (markers.size() != 1) {
            throw new AssertionError(markdown + " should mark one recipe " + marker + ", marks " + markers.size());
        }
        int open = markers.getFirst() + 1;
        while (open < lines.size() && lines.get(open).isBlank()) {
            open++;
        }
        if (open == lines.size() || !lines.get(open).strip().startsWith("```")) {
            throw new AssertionError(marker + " in " + markdown + " is not followed by a fenced block");
        }
        StringBuilder block = new StringBuilder();
        for (int i = open + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("```")) {
                return block.toString();
            }
            block.append(lines.get(i)).append('\n');
        }
        throw new AssertionError("The fenced block of " + marker + " in " + markdown + " never closes");
    }
}
