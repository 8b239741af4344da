package dev.portico.demo;

import dev.portico.demo.ShopCatalog.Order;
import dev.portico.demo.ShopCatalog.OrderLine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orders "database" both orders instances share, like two replicas of a service in front of one
 * database: an order created through {@code orders-1} can be read through {@code orders-2}.
 * Thread-safe; the servers may run on different event loops.
 */
final class OrderStore {

  private final Map<Integer, Order> orders = new ConcurrentSkipListMap<>();
  private final AtomicInteger nextId;
  private final Clock clock;

  OrderStore(Clock clock) {
    this.clock = clock;
    int maxId = 0;
    for (Order order : ShopCatalog.seedOrders()) {
      orders.put(order.id(), order);
      maxId = Math.max(maxId, order.id());
    }
    this.nextId = new AtomicInteger(maxId + 1);
  }

  List<Order> all() {
    return List.copyOf(orders.values());
  }

  Optional<Order> find(int id) {
    return Optional.ofNullable(orders.get(id));
  }

  Order create(int customerId, List<OrderLine> lines) {
    Order order = new Order(nextId.getAndIncrement(), customerId, lines, "PLACED",
        Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    orders.put(order.id(), order);
    return order;
  }
}
