package com.continentsapi.continents.boundary;

import com.continentsapi.continents.entity.Continent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Strong entity tags (RFC 9110) computed from the continents themselves, so every instance gives the same data the
 * same tag without sharing any state, and a changed row changes the tag. If-None-Match is parsed here rather than
 * by the JAX-RS runtime, whose parsers answer a malformed value differently on each server.
 */
final class EntityTags {

    private EntityTags() {
    }

    static String of(List<Continent> continents) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
        for (Continent continent : continents) {
            // Length-prefixed, so no two different lists hash the same input.
            byte[] name = continent.name().getBytes(StandardCharsets.UTF_8);
            sha256.update((continent.id() + ":" + name.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha256.update(name);
        }
        return "\"" + HexFormat.of().formatHex(sha256.digest(), 0, 16) + "\"";
    }

    /**
     * Whether If-None-Match (all its field lines, joined with commas) names this tag or is "*", by weak comparison
     * as RFC 9110 prescribes for it; false when there is no such field.
     * @throws Malformed when the value is neither "*" nor a list of entity tags
     */
    static boolean noneMatchFails(List<String> ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isEmpty()) {
            return false;
        }
        String value = String.join(",", ifNoneMatch).strip();
        if (value.equals("*")) {
            return true;
        }
        return parse(value).stream().anyMatch(candidate -> candidate.equals(tag));
    }

    /** The opaque tags of a list of entity tags, weakness dropped: a weak tag matches its strong twin for If-None-Match. */
    private static List<String> parse(String value) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= value.length() || value.charAt(i) != '"') {
                throw malformed();
            }
            int end = i + 1;
            while (end < value.length() && isEtagChar(value.charAt(end))) {
                end++;
            }
            if (end >= value.length() || value.charAt(end) != '"') {
                throw malformed();
            }
            tags.add(value.substring(i, end + 1));
            i = end + 1;
            if (i < value.length() && value.charAt(i) != ',' && value.charAt(i) != ' ' && value.charAt(i) != '\t') {
                throw malformed();
            }
        }
        if (tags.isEmpty()) {
            throw malformed();
        }
        return tags;
    }

    private static boolean isEtagChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
    }

    /** An If-None-Match that is neither "*" nor a list of entity tags: the client's mistake, answered 400. */
    static final class Malformed extends IllegalArgumentException {
        Malformed(String message) {
            super(message);
        }
    }

    private static Malformed malformed() {
        return new Malformed("If-None-Match must be * or a comma-separated list of entity tags such as \"a1b2\" or W/\"a1b2\".");
    }
}
