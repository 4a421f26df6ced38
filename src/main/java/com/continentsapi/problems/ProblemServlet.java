package com.continentsapi.problems;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The error page: what the container itself rejects (401 from authentication, malformed requests) as problem+json. */
@WebServlet("/problem")
public class ProblemServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given ? given : HttpServletResponse.SC_NOT_FOUND;
        Problem.of(status, detail(status)).writeTo(response);
    }

    private static String detail(int status) {
        return switch (status) {
            case 401 -> "Send the credentials of a registered user with HTTP Basic authentication.";
            case 403 -> "This user may not access this resource.";
            case 404 -> "There is no such resource.";
            case 503 -> "The service cannot answer for a moment; try again after Retry-After seconds.";
            default -> status >= 500 ? "The server failed; the cause is in its log." : "The request was not understood.";
        };
    }
}
