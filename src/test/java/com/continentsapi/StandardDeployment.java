package com.continentsapi;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class of the API on the standard deployment, whose server it shares with every other such class. */
@ExtendWith(ArquillianExtension.class)
public abstract class StandardDeployment {

    @ArquillianResource
    protected URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.standard();
    }
}
