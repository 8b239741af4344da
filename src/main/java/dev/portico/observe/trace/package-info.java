/**
 * OpenTelemetry traces: a SERVER span per request and a CLIENT span per upstream call, with W3C trace
 * context (and B3 when the client speaks it) taken from clients and passed to upstreams, exported over
 * OTLP/HTTP from the SDK's batch thread. When {@code tracing} is absent nothing here is created.
 */
package dev.portico.observe.trace;
