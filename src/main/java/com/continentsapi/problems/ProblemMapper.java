package com.continentsapi.problems;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every exception a resource lets out becomes problem+json. An unexpected failure is logged with its cause and
 * never shown; an expected one (503: a dependency is down) is logged by whoever saw the dependency fail.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException rejected) {
            Response original = rejected.getResponse();
            int status = original.getStatus();
            if (status == 500) {
                LOG.log(Level.SEVERE, rejected.getMessage(), rejected);
            }
            return Response.fromResponse(original)
                    .entity(Problem.of(status, rejected.getMessage()).toJson())
                    .type(Problem.MEDIA_TYPE)
                    .build();
        }
        LOG.log(Level.SEVERE, "Unexpected failure", failure);
        return Response.serverError()
                .entity(Problem.of(500, "The server failed; the cause is in its log.").toJson())
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
