/**
 * Request routing: {@link dev.portico.routing.PathNormalizer} turns a raw path into its one canonical
 * spelling, and an immutable {@link dev.portico.routing.RouteTable}, built once per config snapshot, finds the
 * route for a request. Pure Java, no Vert.x. See {@code docs/routing.md}.
 */
package dev.portico.routing;
