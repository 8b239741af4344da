/**
 * Consumers (the known clients of the API, each in a tenant and on a plan) and their API keys.
 * {@link dev.portico.security.consumer.ConsumerDirectory} implements
 * {@link dev.portico.security.ApiKeyAuthenticator}.
 */
package dev.portico.security.consumer;
