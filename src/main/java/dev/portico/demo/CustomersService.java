package dev.portico.demo;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;

import java.util.OptionalInt;

/** {@code GET /customers}, {@code GET /customers/{id}}, {@code GET /health}. */
final class CustomersService extends ShopService {

  private static final String PREFIX = "/customers/";

  CustomersService(Vertx vertx) {
    super(vertx, "customers", 2, 1);
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = HttpReplies.normalizedPath(req);
    if (path.equals("/health")) {
      HttpReplies.json(req, 200, HttpReplies.health(name()));
    } else if (req.method() != HttpMethod.GET && (path.equals("/customers") || path.startsWith(PREFIX))) {
      HttpReplies.methodNotAllowed(req, "GET");
    } else if (path.equals("/customers")) {
      JsonArray all = new JsonArray();
      ShopCatalog.customers().forEach(c -> all.add(c.toJson()));
      later(() -> HttpReplies.json(req, 200, all));
    } else if (path.startsWith(PREFIX)) {
      String idText = path.substring(PREFIX.length());
      OptionalInt id = HttpReplies.parseId(idText);
      later(() -> id.stream().boxed()
          .flatMap(i -> ShopCatalog.customer(i).stream())
          .findFirst()
          .ifPresentOrElse(
              customer -> HttpReplies.json(req, 200, customer.toJson()),
              () -> HttpReplies.notFound(req, "no customer with id '" + idText + "'")));
    } else {
      HttpReplies.notFound(req, "no resource at " + req.path());
    }
  }
}
