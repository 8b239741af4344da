package dev.portico.demo;

import dev.portico.demo.ShopCatalog.Product;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code GET /products} (all), {@code GET /products?ids=1,2,3} (those, in the order asked, unknown
 * ids left out), {@code GET /products/{id}}, {@code GET /health}. Lists are top-level JSON arrays.
 * {@code GET /recommendations?customer=N} is the shop's slow part: it answers after
 * {@link #RECOMMENDATIONS_LATENCY_MS}, so the checkout aggregate's short timeout leaves it out.
 */
final class ProductsService extends ShopService {

  private static final String PREFIX = "/products/";
  static final long RECOMMENDATIONS_LATENCY_MS = 1500;

  private final Vertx vertx;

  ProductsService(Vertx vertx) {
    super(vertx, "products", 3, 2);
    this.vertx = vertx;
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = HttpReplies.normalizedPath(req);
    if (path.equals("/health")) {
      HttpReplies.json(req, 200, HttpReplies.health(name()));
    } else if (req.method() != HttpMethod.GET && (path.equals("/products") || path.startsWith(PREFIX))) {
      HttpReplies.methodNotAllowed(req, "GET");
    } else if (path.equals("/products")) {
      list(req);
    } else if (path.equals("/recommendations") && req.method() == HttpMethod.GET) {
      recommendations(req);
    } else if (path.startsWith(PREFIX)) {
      String idText = path.substring(PREFIX.length());
      OptionalInt id = HttpReplies.parseId(idText);
      later(() -> id.stream().boxed()
          .flatMap(i -> ShopCatalog.product(i).stream())
          .findFirst()
          .ifPresentOrElse(
              product -> HttpReplies.json(req, 200, product.toJson()),
              () -> HttpReplies.notFound(req, "no product with id '" + idText + "'")));
    } else {
      HttpReplies.notFound(req, "no resource at " + req.path());
    }
  }

  /** Three in-stock products, picked by customer; slow on purpose (a recommendation engine far away). */
  private void recommendations(HttpServerRequest req) {
    OptionalInt customer = HttpReplies.parseId(String.valueOf(req.getParam("customer")));
    List<Product> inStock = ShopCatalog.products().stream().filter(p -> p.stock() > 0).toList();
    JsonArray body = new JsonArray();
    for (int i = 0; i < 3 && i < inStock.size(); i++) {
      body.add(inStock.get((customer.orElse(0) + i) % inStock.size()).toJson());
    }
    vertx.setTimer(RECOMMENDATIONS_LATENCY_MS, id -> HttpReplies.json(req, 200, body));
  }

  private void list(HttpServerRequest req) {
    String ids = req.getParam("ids");
    List<Product> found = new ArrayList<>();
    if (ids == null) {
      found.addAll(ShopCatalog.products());
    } else {
      for (String part : ids.split(",")) {
        String text = part.trim();
        if (text.isEmpty()) {
          continue;
        }
        OptionalInt id = HttpReplies.parseId(text);
        if (id.isEmpty()) {
          HttpReplies.problem(req, HttpReplies.problem(req, 400, "Bad Request",
              "ids: '" + text + "' is not a product id (expected: comma-separated positive integers)"));
          return;
        }
        ShopCatalog.product(id.getAsInt()).ifPresent(found::add);
      }
    }
    JsonArray body = new JsonArray();
    found.forEach(p -> body.add(p.toJson()));
    later(() -> HttpReplies.json(req, 200, body));
  }
}
