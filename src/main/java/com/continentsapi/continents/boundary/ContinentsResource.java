package com.continentsapi.continents.boundary;

import com.continentsapi.continents.control.ContinentStore;
import com.continentsapi.continents.entity.Continent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The continents, with strong ETags: a client that sends the tag it has back in If-None-Match gets 304 without a
 * body. The answers are per caller (each carries the caller's RateLimit fields), hence private, and no-cache:
 * a cache revalidates before reusing one.
 */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContinentsResource {

    static final String CACHE_CONTROL = "private, no-cache";

    @Inject
    ContinentStore store;

    @Context
    HttpHeaders headers;

    /** The tutorial's clients call the root. */
    @GET
    public Response root() {
        return conditional(store.all());
    }

    @GET
    @Path("continents")
    public Response all() {
        return conditional(store.all());
    }

    @GET
    @Path("continents/{id: [0-9]{1,18}}")
    public Response byId(@PathParam("id") long id) {
        Continent continent = store.byId(id).orElseThrow(() -> new NotFoundException("There is no continent " + id + "."));
        return conditional(continent, EntityTags.of(List.of(continent)));
    }

    private Response conditional(List<Continent> continents) {
        return conditional(new GenericEntity<>(continents) { }, EntityTags.of(continents));
    }

    private Response conditional(Object entity, String tag) {
        boolean notModified;
        try {
            notModified = EntityTags.noneMatchFails(headers.getRequestHeader(HttpHeaders.IF_NONE_MATCH), tag);
        } catch (EntityTags.Malformed malformed) {
            throw new BadRequestException(malformed.getMessage(), malformed);
        }
        Response.ResponseBuilder answer = notModified ? Response.notModified() : Response.ok(entity);
        return answer.header(HttpHeaders.ETAG, tag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
}
