package dev.portico.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shop's fixed reference data: 5 customers, 8 products and the 6 orders the shop starts with.
 * Every seed order references customers and products that exist here.
 */
final class ShopCatalog {

  static final String CURRENCY = "EUR";

  record Address(String street, String city, String postalCode, String country) {
    JsonObject toJson() {
      return new JsonObject()
          .put("street", street).put("city", city).put("postalCode", postalCode).put("country", country);
    }
  }

  record Customer(int id, String name, String email, String tier, Address address) {
    JsonObject toJson() {
      return new JsonObject()
          .put("id", id).put("name", name).put("email", email).put("tier", tier)
          .put("address", address.toJson());
    }
  }

  record Product(int id, String sku, String name, String category, long priceCents, int stock) {
    JsonObject toJson() {
      return new JsonObject()
          .put("id", id).put("sku", sku).put("name", name).put("category", category)
          .put("price", money(priceCents)).put("currency", CURRENCY).put("stock", stock)
          .put("inStock", stock > 0);
    }
  }

  record OrderLine(int productId, int quantity, long unitPriceCents) {
    long amountCents() {
      return unitPriceCents * quantity;
    }
  }

  record Order(int id, int customerId, List<OrderLine> lines, String status, Instant createdAt) {
    Order {
      lines = List.copyOf(lines);
    }

    long totalCents() {
      return lines.stream().mapToLong(OrderLine::amountCents).sum();
    }

    List<Integer> productIds() {
      return lines.stream().map(OrderLine::productId).distinct().toList();
    }

    JsonObject toJson() {
      JsonArray jsonLines = new JsonArray();
      for (OrderLine line : lines) {
        jsonLines.add(new JsonObject()
            .put("productId", line.productId())
            .put("quantity", line.quantity())
            .put("unitPrice", money(line.unitPriceCents()))
            .put("amount", money(line.amountCents())));
      }
      return new JsonObject()
          .put("id", id)
          .put("customerId", customerId)
          .put("productIds", new JsonArray(List.copyOf(productIds())))
          .put("lines", jsonLines)
          .put("total", money(totalCents()))
          .put("currency", CURRENCY)
          .put("status", status)
          .put("createdAt", createdAt.toString());
    }
  }

  private static final Map<Integer, Customer> CUSTOMERS = index(List.of(
      new Customer(1, "Ada Lovelace", "ada@example.com", "gold",
          new Address("12 St James's Square", "London", "SW1Y 4JH", "GB")),
      new Customer(2, "Alan Turing", "alan@example.com", "silver",
          new Address("78 High Street", "Wilmslow", "SK9 1AB", "GB")),
      new Customer(3, "Grace Hopper", "grace@example.com", "platinum",
          new Address("1 Navy Yard", "Arlington", "22202", "US")),
      new Customer(4, "Edsger Dijkstra", "edsger@example.com", "bronze",
          new Address("Plantage Muidergracht 24", "Amsterdam", "1018 TV", "NL")),
      new Customer(5, "Barbara Liskov", "barbara@example.com", "gold",
          new Address("32 Vassar Street", "Cambridge", "02139", "US"))), Customer::id);

  private static final Map<Integer, Product> PRODUCTS = index(List.of(
      new Product(1, "KB-101", "Mechanical keyboard", "peripherals", 8900, 42),
      new Product(2, "MS-202", "Wireless mouse", "peripherals", 2999, 120),
      new Product(3, "MN-303", "27\" 4K monitor", "displays", 34900, 7),
      new Product(4, "HD-404", "Noise-cancelling headphones", "audio", 19950, 18),
      new Product(5, "CB-505", "USB-C cable, 2 m", "accessories", 1299, 500),
      new Product(6, "DK-606", "Thunderbolt dock", "accessories", 22900, 0),
      new Product(7, "WC-707", "1080p webcam", "video", 5990, 33),
      new Product(8, "LS-808", "Aluminium laptop stand", "accessories", 3950, 64)), Product::id);

  private static final List<Order> SEED_ORDERS = List.of(
      new Order(1, 1, List.of(line(1, 1), line(2, 1), line(5, 2)), "DELIVERED",
          Instant.parse("2025-03-01T09:15:00Z")),
      new Order(2, 2, List.of(line(3, 2)), "SHIPPED", Instant.parse("2025-03-04T14:02:10Z")),
      new Order(3, 3, List.of(line(4, 1), line(7, 1)), "PAID", Instant.parse("2025-03-07T18:45:33Z")),
      new Order(4, 1, List.of(line(8, 1), line(5, 3)), "PLACED", Instant.parse("2025-03-09T08:01:00Z")),
      new Order(5, 4, List.of(line(6, 1)), "CANCELLED", Instant.parse("2025-03-10T11:20:45Z")),
      new Order(6, 5, List.of(line(2, 2), line(7, 1), line(1, 1)), "PLACED",
          Instant.parse("2025-03-11T16:30:00Z")));

  private ShopCatalog() {
  }

  static Optional<Customer> customer(int id) {
    return Optional.ofNullable(CUSTOMERS.get(id));
  }

  static Optional<Product> product(int id) {
    return Optional.ofNullable(PRODUCTS.get(id));
  }

  static List<Product> products() {
    return List.copyOf(PRODUCTS.values());
  }

  static List<Customer> customers() {
    return List.copyOf(CUSTOMERS.values());
  }

  static List<Order> seedOrders() {
    return SEED_ORDERS;
  }

  /** Amounts are kept in cents and rendered as a JSON number with two decimals at most. */
  static double money(long cents) {
    return cents / 100.0;
  }

  private static OrderLine line(int productId, int quantity) {
    return new OrderLine(productId, quantity, PRODUCTS.get(productId).priceCents());
  }

  private static <T> Map<Integer, T> index(List<T> items, java.util.function.ToIntFunction<T> id) {
    Map<Integer, T> byId = new LinkedHashMap<>();
    for (T item : items) {
      byId.put(id.applyAsInt(item), item);
    }
    return java.util.Collections.unmodifiableMap(byId);
  }
}
