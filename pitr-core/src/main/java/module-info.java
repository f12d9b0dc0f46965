/**
 * pitr-core: drives pgBackRest from Java. The packages below {@code dev.pitr.internal} are the engine and
 * are not exported: only the API packages listed here are (ApiBoundaryTest fails when that changes, or when
 * a public signature of an API package names an internal type).
 */
module dev.pitr.core {
    exports dev.pitr;
    exports dev.pitr.audit;
    exports dev.pitr.config;
    exports dev.pitr.drill;
    exports dev.pitr.error;
    exports dev.pitr.governance;
    exports dev.pitr.info;
    exports dev.pitr.metrics;
    exports dev.pitr.operation;
    exports dev.pitr.restore;
    exports dev.pitr.sandbox;

    requires java.net.http;
    requires java.sql;
    requires org.apache.commons.exec;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    // Loaded by name by the JDBC driver (unix-socket connections of sandbox and drill clusters).
    requires org.postgresql.jdbc;
    requires org.newsclub.net.unix;
    // SandboxExtension, for users' restore tests; optional at run time.
    requires static org.junit.jupiter.api;
    // Optional: only PitrMeterBinder uses it, for services that register metrics with Micrometer.
    requires static micrometer.core;
}
