package com.continentsapi.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.logging.Filter;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class MalformedRequestLogInstallerTest {

    /** Several kinds share the container's logger; an undeployment must leave it as it found it, with no class of the app. */
    @Test
    void undeployingRestoresTheLoggersOwnFilter() {
        Logger container = Logger.getLogger(MalformedRequestLog.BAD_PERCENT_ESCAPE.logger());
        Filter own = record -> true;
        container.setFilter(own);
        MalformedRequestLogInstaller installer = new MalformedRequestLogInstaller();

        installer.contextInitialized(null);
        assertInstanceOf(MalformedRequestLog.class, container.getFilter());
        installer.contextDestroyed(null);

        assertEquals(own, container.getFilter());
        container.setFilter(null);
    }
}
