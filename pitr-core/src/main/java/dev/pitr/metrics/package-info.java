/**
 * Metrics for monitoring: a stanza's figures ({@link dev.pitr.metrics.PitrMetrics}, collected by
 * {@link dev.pitr.metrics.MetricsCollector}) as Prometheus text, as a node_exporter textfile written atomically,
 * or as Micrometer gauges ({@link dev.pitr.metrics.PitrMeterBinder}). pgBackRest's state keeps
 * pgbackrest_exporter's names and labels; pitr's own figures are named {@code pitr_}
 * ({@link dev.pitr.metrics.MetricNames}). No server of its own: the application or node_exporter serves them.
 */
package dev.pitr.metrics;
