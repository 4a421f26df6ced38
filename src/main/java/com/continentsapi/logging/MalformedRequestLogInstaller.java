package com.continentsapi.logging;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Puts {@link MalformedRequestLog} on Grizzly's logger while this application is deployed. The application does
 * it, not the server's logging configuration, because the filter is a class and the server's log manager cannot
 * load classes from a WAR. Servers without Grizzly (WildFly) have no such logger: then nothing happens.
 */
@WebListener
public class MalformedRequestLogInstaller implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(MalformedRequestLog.class.getName());
    /** Once a minute tells an operator that it goes on, without letting the rate of requests set the rate of lines. */
    private static final long INTERVAL_SECONDS = 60;

    private Logger grizzly;
    private MalformedRequestLog filter;

    @Override
    public void contextInitialized(ServletContextEvent started) {
        grizzly = LogManager.getLogManager().getLogger(MalformedRequestLog.GRIZZLY_LOGGER);
        if (grizzly != null) {
            filter = new MalformedRequestLog(LOG, grizzly.getFilter(), INTERVAL_SECONDS, TimeUnit.SECONDS, System::nanoTime);
            grizzly.setFilter(filter);
        }
    }

    /** A redeployment must not leave this application's class, and with it its class loader, on a server logger. */
    @Override
    public void contextDestroyed(ServletContextEvent stopped) {
        if (grizzly != null && grizzly.getFilter() == filter) {
            grizzly.setFilter(filter.previous());
        }
    }
}
