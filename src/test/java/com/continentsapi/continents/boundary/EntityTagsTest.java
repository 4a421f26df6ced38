package com.continentsapi.continents.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.continentsapi.continents.entity.Continent;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

    static final List<Continent> TWO = List.of(new Continent(1, "ASIA"), new Continent(2, "AFRICA"));
    static final String TAG = EntityTags.of(TWO);

    @Test
    void theSameDataGetsTheSameStrongTag() {
        assertEquals(TAG, EntityTags.of(List.of(new Continent(1, "ASIA"), new Continent(2, "AFRICA"))));
        assertTrue(TAG.matches("\"[0-9a-f]{32}\""), TAG);
    }

    @Test
    void anyChangeOfTheDataChangesTheTag() {
        assertNotEquals(TAG, EntityTags.of(List.of(new Continent(1, "ASIA"), new Continent(2, "AFRICAN"))));
        assertNotEquals(TAG, EntityTags.of(List.of(new Continent(1, "ASIA"))));
        assertNotEquals(TAG, EntityTags.of(List.of(new Continent(2, "AFRICA"), new Continent(1, "ASIA"))));
        assertNotEquals(EntityTags.of(List.of(new Continent(1, "A1:B"))), EntityTags.of(List.of(new Continent(1, "A"), new Continent(1, "B"))));
    }

    @Test
    void noIfNoneMatchNeverMatches() {
        assertFalse(EntityTags.noneMatchFails(null, TAG));
        assertFalse(EntityTags.noneMatchFails(List.of(), TAG));
    }

    @Test
    void theCurrentTagAStarOrItsWeakTwinMatch() {
        assertTrue(EntityTags.noneMatchFails(List.of(TAG), TAG));
        assertTrue(EntityTags.noneMatchFails(List.of("*"), TAG));
        assertTrue(EntityTags.noneMatchFails(List.of("W/" + TAG), TAG));
        assertTrue(EntityTags.noneMatchFails(List.of("\"old\", " + TAG), TAG));
        assertTrue(EntityTags.noneMatchFails(List.of("\"old\"", TAG), TAG), "several field lines form one list");
        assertTrue(EntityTags.noneMatchFails(List.of("\"a,b\"," + TAG), TAG), "a comma may be part of a tag");
    }

    @Test
    void otherTagsDoNotMatch() {
        assertFalse(EntityTags.noneMatchFails(List.of("\"old\""), TAG));
        assertFalse(EntityTags.noneMatchFails(List.of(TAG.toUpperCase()), TAG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ",", "abc", "\"unclosed", "W/", "W/abc", "\"a\"b", "\"a\" \"b\"x", "**", "*, \"a\"", "\"a\u0001\""})
    void aMalformedValueIsABadRequest(String value) {
        assertThrows(EntityTags.Malformed.class, () -> EntityTags.noneMatchFails(List.of(value), TAG));
    }
}
