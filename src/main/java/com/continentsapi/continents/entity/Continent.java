package com.continentsapi.continents.entity;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

@JsonbPropertyOrder({"id", "name"})
public record Continent(@JsonbProperty("continent_id") long id, @JsonbProperty("continent_name") String name) {
}
