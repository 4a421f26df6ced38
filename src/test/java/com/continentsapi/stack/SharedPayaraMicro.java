package com.continentsapi.stack;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.descriptor.api.Descriptor;

/**
 * Payara Micro's Arquillian container boots a server per test class. This one boots one per distinct WAR and
 * keeps it for every later test class that deploys the same WAR (the same bytes: the same configuration), until
 * the test run ends: each boot costs seconds, and most classes deploy one of a few configurations.
 */
public class SharedPayaraMicro implements DeployableContainer<PayaraMicroContainerConfiguration> {

    /** Replaces Payara's container where it is on the class path (the Payara run of the suite, not WildFly's). */
    public static class Extension implements LoadableExtension {

        @Override
        public void register(ExtensionBuilder builder) {
            try {
                Class.forName("fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer");
            } catch (ClassNotFoundException notPayara) {
                return;
            }
            builder.override(DeployableContainer.class, PayaraMicroDeployableContainer.class, SharedPayaraMicro.class);
        }
    }

    private record Running(PayaraMicroDeployableContainer server, Archive<?> war, ProtocolMetaData metaData) {
    }

    private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

    private PayaraMicroContainerConfiguration configuration;

    @Override
    public Class<PayaraMicroContainerConfiguration> getConfigurationClass() {
        return PayaraMicroContainerConfiguration.class;
    }

    @Override
    public void setup(PayaraMicroContainerConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() {
        // each WAR's server starts when it is first deployed
    }

    /** Several servers may run at once, so each gets a port of its own instead of the configured one. */
    @Override
    public synchronized ProtocolMetaData deploy(Archive<?> war) throws DeploymentException {
        String fingerprint = fingerprint(war);
        Running running = RUNNING.get(fingerprint);
        if (running == null) {
            try {
                configuration.setExtraMicroOptions(configuration.getExtraMicroOptions().replaceAll("--port \\d+", "--port " + Stack.freePort()));
            } catch (IOException e) {
                throw new DeploymentException("No free port for Payara Micro", e);
            }
            PayaraMicroDeployableContainer server = new PayaraMicroDeployableContainer();
            server.setup(configuration);
            long start = System.nanoTime();
            running = new Running(server, war, server.deploy(war));
            RUNNING.put(fingerprint, running);
            System.out.printf("Payara Micro #%d booted for %s in %d ms%n", RUNNING.size(), war.getName(), (System.nanoTime() - start) / 1_000_000);
        }
        return running.metaData();
    }

    @Override
    public void undeploy(Archive<?> war) {
        // kept for the next test class that deploys the same WAR; stopped when the run ends
    }

    @Override
    public synchronized void stop() {
        RUNNING.values().forEach(running -> {
            try {
                running.server().undeploy(running.war());
            } catch (DeploymentException e) {
                System.err.println("Stopping Payara Micro: " + e);
            }
        });
        RUNNING.clear();
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Servlet 5.0");
    }

    @Override
    public void deploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("Descriptors are not deployed here");
    }

    @Override
    public void undeploy(Descriptor descriptor) {
        throw new UnsupportedOperationException("Descriptors are not deployed here");
    }

    /** A digest of every file in the archive, in path order. */
    private static String fingerprint(Archive<?> war) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Map<ArchivePath, Node> content = new TreeMap<>(war.getContent());
            for (Node node : content.values()) {
                digest.update(node.getPath().get().getBytes());
                if (node.getAsset() != null) {
                    try (InputStream in = node.getAsset().openStream()) {
                        digest.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
