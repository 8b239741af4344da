package dev.portico.demo;

import dev.portico.demo.ShopCatalog.Order;
import dev.portico.demo.ShopCatalog.OrderLine;
import dev.portico.demo.ShopCatalog.Product;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One instance of the orders service. Every response carries {@code X-Served-By: <name>} and every
 * JSON body a {@code servedBy} field, so load balancing across instances is visible.
 *
 * <ul>
 *   <li>{@code GET /orders}: {@code {"orders": [...], "count": n, "servedBy": ...}}</li>
 *   <li>{@code GET /orders/{id}}: one order; {@code GET /v2/orders/{id}}: the same order, v2 shape</li>
 *   <li>{@code POST /orders} with {@code {"customerId": 1, "lines": [{"productId": 2, "quantity": 1}]}}:
 *       201, the order and {@code Location}; 400 if the body is not JSON, 422 if it names unknown
 *       things, 413 above {@link #MAX_BODY_BYTES}</li>
 *   <li>{@code GET /health}</li>
 * </ul>
 */
final class OrdersService extends ShopService {

  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_QUANTITY = 100;

  private static final String PREFIX = "/orders/";
  private static final String V2_PREFIX = "/v2/orders/";

  private final OrderStore store;

  OrdersService(Vertx vertx, String name, OrderStore store) {
    super(vertx, name, 3, 2);
    this.store = store;
  }

  @Override
  public void handle(HttpServerRequest req) {
    req.response().putHeader("X-Served-By", name());
    String path = HttpReplies.normalizedPath(req);
    HttpMethod method = req.method();
    if (path.equals("/health")) {
      HttpReplies.json(req, 200, HttpReplies.health(name()));
    } else if (path.equals("/orders")) {
      if (method == HttpMethod.GET) {
        list(req);
      } else if (method == HttpMethod.POST) {
        create(req);
      } else {
        HttpReplies.methodNotAllowed(req, "GET, POST");
      }
    } else if (path.startsWith(PREFIX) || path.startsWith(V2_PREFIX)) {
      boolean v2 = path.startsWith(V2_PREFIX);
      if (method != HttpMethod.GET) {
        HttpReplies.methodNotAllowed(req, "GET");
      } else {
        get(req, path.substring(v2 ? V2_PREFIX.length() : PREFIX.length()), v2);
      }
    } else {
      notFound(req, "no resource at " + req.path());
    }
  }

  private void list(HttpServerRequest req) {
    JsonArray orders = new JsonArray();
    store.all().forEach(o -> orders.add(o.toJson()));
    JsonObject body = new JsonObject().put("orders", orders).put("count", orders.size()).put("servedBy", name());
    later(() -> HttpReplies.json(req, 200, body));
  }

  private void get(HttpServerRequest req, String idText, boolean v2) {
    OptionalInt id = HttpReplies.parseId(idText);
    Optional<Order> order = id.isPresent() ? store.find(id.getAsInt()) : Optional.empty();
    later(() -> order.ifPresentOrElse(
        o -> HttpReplies.json(req, 200, (v2 ? v2Json(o) : o.toJson()).put("servedBy", name())),
        () -> notFound(req, "no order with id '" + idText + "'")));
  }

  private void create(HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    if (length != null && length.length() < 12 && length.chars().allMatch(Character::isDigit)
        && Long.parseLong(length) > MAX_BODY_BYTES) {
      problem(req, 413, "Content Too Large", "order bodies are limited to " + MAX_BODY_BYTES + " bytes");
      return;
    }
    req.body()
        .onFailure(err -> problem(req, 400, "Bad Request", "could not read the request body"))
        .onSuccess(buffer -> later(() -> create(req, buffer)));
  }

  private void create(HttpServerRequest req, Buffer buffer) {
    JsonObject json;
    try {
      json = buffer.length() > MAX_BODY_BYTES ? null : new JsonObject(buffer);
    } catch (DecodeException | ClassCastException e) {
      problem(req, 400, "Bad Request", "the body is not a JSON object");
      return;
    }
    if (json == null) {
      problem(req, 413, "Content Too Large", "order bodies are limited to " + MAX_BODY_BYTES + " bytes");
      return;
    }
    List<String> errors = new ArrayList<>();
    List<OrderLine> lines = new ArrayList<>();
    Object customerId = json.getValue("customerId");
    if (!(customerId instanceof Integer id) || ShopCatalog.customer(id).isEmpty()) {
      errors.add("customerId: " + customerId + " (expected: the id of an existing customer)");
    }
    Object rawLines = json.getValue("lines");
    if (!(rawLines instanceof JsonArray array) || array.isEmpty()) {
      errors.add("lines: " + rawLines + " (expected: a non-empty array of {productId, quantity})");
    } else {
      for (int i = 0; i < array.size(); i++) {
        parseLine(array.getValue(i), "lines[" + i + "]", errors).ifPresent(lines::add);
      }
    }
    if (!errors.isEmpty()) {
      JsonObject problem = HttpReplies.problem(req, 422, "Unprocessable Content",
          "the order is invalid: " + String.join("; ", errors));
      problem.put("errors", new JsonArray(List.copyOf(errors))).put("servedBy", name());
      HttpReplies.problem(req, problem);
      return;
    }
    Order order = store.create((Integer) customerId, lines);
    req.response().putHeader("Location", PREFIX + order.id());
    HttpReplies.json(req, 201, order.toJson().put("servedBy", name()));
  }

  private static Optional<OrderLine> parseLine(Object raw, String where, List<String> errors) {
    if (!(raw instanceof JsonObject line)) {
      errors.add(where + ": " + raw + " (expected: {productId, quantity})");
      return Optional.empty();
    }
    Object productId = line.getValue("productId");
    Object quantity = line.getValue("quantity", 1);
    Optional<Product> product = productId instanceof Integer id ? ShopCatalog.product(id) : Optional.empty();
    boolean ok = true;
    if (product.isEmpty()) {
      errors.add(where + ".productId: " + productId + " (expected: the id of an existing product)");
      ok = false;
    } else if (product.get().stock() == 0) {
      errors.add(where + ".productId: " + productId + " (" + product.get().name() + ") is out of stock");
      ok = false;
    }
    if (!(quantity instanceof Integer q) || q < 1 || q > MAX_QUANTITY) {
      errors.add(where + ".quantity: " + quantity + " (expected: an integer from 1 to " + MAX_QUANTITY + ")");
      ok = false;
    }
    return ok ? Optional.of(new OrderLine(product.get().id(), (Integer) quantity, product.get().priceCents()))
        : Optional.empty();
  }

  /** Version 2 of the order: amounts as {amount, currency} objects and product names inline. */
  private static JsonObject v2Json(Order order) {
    JsonArray lines = new JsonArray();
    for (OrderLine line : order.lines()) {
      String productName = ShopCatalog.product(line.productId()).map(Product::name).orElse(null);
      lines.add(new JsonObject()
          .put("product", new JsonObject().put("id", line.productId()).put("name", productName))
          .put("quantity", line.quantity())
          .put("unitPrice", moneyV2(line.unitPriceCents()))
          .put("amount", moneyV2(line.amountCents())));
    }
    return new JsonObject()
        .put("apiVersion", 2)
        .put("id", order.id())
        .put("customer", new JsonObject().put("id", order.customerId()))
        .put("lines", lines)
        .put("total", moneyV2(order.totalCents()))
        .put("status", order.status().toLowerCase(java.util.Locale.ROOT))
        .put("createdAt", order.createdAt().toString());
  }

  private static JsonObject moneyV2(long cents) {
    return new JsonObject().put("amount", ShopCatalog.money(cents)).put("currency", ShopCatalog.CURRENCY);
  }

  private void notFound(HttpServerRequest req, String detail) {
    problem(req, 404, "Not Found", detail);
  }

  private void problem(HttpServerRequest req, int status, String title, String detail) {
    HttpReplies.problem(req, HttpReplies.problem(req, status, title, detail).put("servedBy", name()));
  }
}
