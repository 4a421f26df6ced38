package com.continentsapi.logging;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Puts a {@link MalformedRequestLog} on each server logger that has one of its kinds, while this application is
 * deployed. The application does it, not the server's logging configuration, because the filter is a class and
 * the server's log manager cannot load classes from a WAR. A server without such a logger (WildFly has no
 * Grizzly) is left alone.
 */
@WebListener
public class MalformedRequestLogInstaller implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(MalformedRequestLog.class.getName());
    /** Once a minute tells an operator that it goes on, without letting the rate of requests set the rate of lines. */
    private static final long INTERVAL_SECONDS = 60;

    private record Installed(Logger logger, MalformedRequestLog filter) {
    }

    private final List<Installed> installed = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent started) {
        for (MalformedRequestLog.Kind kind : MalformedRequestLog.KINDS) {
            Logger server = LogManager.getLogManager().getLogger(kind.logger());
            if (server != null) {
                MalformedRequestLog filter = new MalformedRequestLog(kind, LOG, server.getFilter(), INTERVAL_SECONDS, TimeUnit.SECONDS, System::nanoTime);
                server.setFilter(filter);
                installed.add(new Installed(server, filter));
            }
        }
    }

    /**
     * A redeployment must not leave this application's class, and with it its class loader, on a server logger.
     * Kinds of one logger are chained, the last installed outermost: they come off in reverse.
     */
    @Override
    public void contextDestroyed(ServletContextEvent stopped) {
        for (Installed each : installed.reversed()) {
            if (each.logger().getFilter() == each.filter()) {
                each.logger().setFilter(each.filter().previous());
            }
        }
        installed.clear();
    }
}
