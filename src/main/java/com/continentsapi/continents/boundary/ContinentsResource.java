package com.continentsapi.continents.boundary;

import com.continentsapi.continents.control.ContinentStore;
import com.continentsapi.continents.entity.Continent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContinentsResource {

    @Inject
    ContinentStore store;

    /** The tutorial's clients call the root. */
    @GET
    public List<Continent> root() {
        return store.all();
    }

    @GET
    @Path("continents")
    public List<Continent> all() {
        return store.all();
    }

    @GET
    @Path("continents/{id: [0-9]{1,18}}")
    public Continent byId(@PathParam("id") long id) {
        return store.byId(id).orElseThrow(() -> new NotFoundException("There is no continent " + id + "."));
    }
}
