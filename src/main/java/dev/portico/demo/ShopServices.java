package dev.portico.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The demo shop's services, each a plain Vert.x HTTP server on 127.0.0.1: two orders instances
 * ({@code orders-1}, {@code orders-2}, sharing one order store), customers and products.
 *
 * <pre>{@code
 * ShopServices.start(vertx, ShopServices.Ports.defaults())
 *     .onSuccess(shop -> System.out.println(shop.ports()));
 * }</pre>
 */
public final class ShopServices {

  private static final String HOST = "127.0.0.1";

  /** The four listening ports; {@code 0} asks for an ephemeral port. */
  public record Ports(int orders1, int orders2, int customers, int products) {

    public Ports {
      for (int port : new int[] {orders1, orders2, customers, products}) {
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
      }
    }

    /** The ports {@code demo/shop.yaml} points at: 9101, 9102, 9201, 9301. */
    public static Ports defaults() {
      return new Ports(9101, 9102, 9201, 9301);
    }

    /** Four ephemeral ports, for tests. */
    public static Ports ephemeral() {
      return new Ports(0, 0, 0, 0);
    }
  }

  private final List<HttpServer> servers;
  private final Ports ports;

  private ShopServices(List<HttpServer> servers) {
    this.servers = servers;
    this.ports = new Ports(servers.get(0).actualPort(), servers.get(1).actualPort(),
        servers.get(2).actualPort(), servers.get(3).actualPort());
  }

  /**
   * Starts the four servers. Fails (after closing whatever did start) if any port can't be bound.
   */
  public static Future<ShopServices> start(Vertx vertx, Ports ports) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(ports, "ports");
    OrderStore store = new OrderStore(Clock.systemUTC());
    List<Future<HttpServer>> started = List.of(
        listen(vertx, new OrdersService(vertx, "orders-1", store), ports.orders1()),
        listen(vertx, new OrdersService(vertx, "orders-2", store), ports.orders2()),
        listen(vertx, new CustomersService(vertx), ports.customers()),
        listen(vertx, new ProductsService(vertx), ports.products()));
    return Future.join(started).transform(all -> {
      if (all.succeeded()) {
        return Future.succeededFuture(new ShopServices(started.stream().map(Future::result).toList()));
      }
      List<Future<Void>> closing = started.stream()
          .filter(Future::succeeded)
          .map(f -> f.result().close())
          .toList();
      return Future.join(closing).transform(ignored -> Future.<ShopServices>failedFuture(all.cause()));
    });
  }

  private static Future<HttpServer> listen(Vertx vertx, ShopService service, int port) {
    return vertx.createHttpServer().requestHandler(service).listen(port, HOST)
        .recover(err -> Future.failedFuture(new IllegalStateException(
            service.name() + ": cannot listen on " + HOST + ":" + port + ": " + err.getMessage(), err)));
  }

  /** The ports actually bound (ephemeral ones resolved). */
  public Ports ports() {
    return ports;
  }

  /** Closes the four servers. */
  public Future<Void> stop() {
    return Future.join(servers.stream().map(HttpServer::close).toList()).mapEmpty();
  }
}
