# The Continents API on the official Payara Micro image: the WAR, the MySQL driver and the boot files the
# build produces (./mvnw package first; server-config/compose/README.md). Configured only by the environment:
# DB_URL, DB_USER, DB_PASSWORD, REDIS_URL, RATELIMIT_* (server-config/CONFIGURATION.md). The base image's
# version must stay the pom's payara-micro.version: the build checks it (DockerfileIT).
FROM payara/micro:7.2026.11-jdk21

COPY --chown=payara:payara target/server-lib/mysql-connector-j.jar /opt/payara/lib/mysql-connector-j.jar
COPY --chown=payara:payara server-config/payara-micro/pre-boot-commands.asadmin /opt/payara/config/pre-boot-commands.asadmin
COPY --chown=payara:payara server-config/payara-micro/post-boot-commands.asadmin /opt/payara/config/post-boot-commands.asadmin
COPY --chown=payara:payara target/continents.war /opt/payara/deployments/continents.war

USER payara
EXPOSE 8080

# Ready means the database answers and, unless the fail mode is closed, whatever Redis does: without Redis the
# limiter falls back to its fail mode (server-config/ratelimit/README.md, fail modes). See /health/ready's checks.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8080/health/ready || exit 1

# The image's entrypoint.sh execs java (java -jar payara-micro.jar "$@"), so Payara Micro is PID 1 and gets SIGTERM
# itself. /health/ready turns DOWN at once, requests keep being served for --shutdowngrace (20 s, inside Compose's
# 30 s stop_grace_period), then the application is undeployed (closing the Redis client) and the pool closed.
# JVM_ARGS (read by that entrypoint) keeps Hazelcast, which Payara Micro runs even with --nocluster, from stopping
# at SIGTERM under the requests in flight (server-config/README.md, "Stopping gracefully"). It is appended to,
# not replaced: the base image sets JVM_ARGS too, and its options must stay in force.
ENV JVM_ARGS="${JVM_ARGS} -Dhazelcast.shutdownhook.enabled=false"
# Basic credentials only over TLS: direct HTTPS, or https from a proxy in RATELIMIT_TRUSTED_PROXIES (compose.yaml).
ENV AUTH_REQUIRE_TLS=true
# --nocluster: instances share nothing but MySQL and Redis, so Hazelcast's data grid is not wanted.
CMD ["--nocluster", \
     "--addlibs", "/opt/payara/lib/mysql-connector-j.jar", \
     "--prebootcommandfile", "/opt/payara/config/pre-boot-commands.asadmin", \
     "--postbootcommandfile", "/opt/payara/config/post-boot-commands.asadmin", \
     "--shutdowngrace", "20000", \
     "--deploy", "/opt/payara/deployments/continents.war", \
     "--contextroot", "/"]
