package dev.portico.demo;

/** The text {@code portico demo} prints once everything is up: what runs where, and what to try. */
public final class DemoTour {

  private DemoTour() {
  }

  /** The tour for a gateway on {@code gatewayPort} and {@code adminPort}, shop services on the default ports. */
  public static String curlCommands(int gatewayPort, int adminPort) {
    return curlCommands(gatewayPort, adminPort, ShopServices.Ports.defaults());
  }

  /** The tour for a gateway on {@code gatewayPort} and {@code adminPort}, shop services on {@code shop}. */
  public static String curlCommands(int gatewayPort, int adminPort, ShopServices.Ports shop) {
    String gw = "localhost:" + gatewayPort;
    String admin = "localhost:" + adminPort;
    return """
        Portico demo: an online shop behind the gateway

          gateway    http://%1$s      routes from demo/shop.yaml
          admin      http://%2$s      /health, /ready, /metrics
          orders     http://127.0.0.1:%3$d (orders-1), http://127.0.0.1:%4$d (orders-2)
          customers  http://127.0.0.1:%5$d
          products   http://127.0.0.1:%6$d

        Try these in another terminal:

        1. Routing: /api/orders/** goes to the orders service
             curl -s %1$s/api/orders/1

        2. Rewriting: /api/customers/{id} becomes /customers/{id} upstream, /api is stripped for products
             curl -s %1$s/api/customers/3
             curl -s '%1$s/api/products?ids=1,2,5'

        3. Load balancing: round robin over orders-1 and orders-2 (watch X-Served-By)
             for i in 1 2 3 4; do curl -si %1$s/api/orders/1 | grep -i x-served-by; done

        4. Header matching: X-Api-Version: 2 picks another route, and another shape of the same order
             curl -s -H 'X-Api-Version: 2' %1$s/api/orders/1

        5. A POST, body and all (201 and a Location header)
             curl -si -X POST %1$s/api/orders -H 'Content-Type: application/json' \\
               -d '{"customerId": 2, "lines": [{"productId": 4, "quantity": 1}]}'

        6. No route: a 404 with an application/problem+json body
             curl -si %1$s/nope

        7. Aggregation: one call, four behind the gateway; the slow recommendations come back in _partial
             curl -s -H 'X-Client: web' %1$s/api/checkout/1
             curl -s -H 'X-Client: mobile' %1$s/api/checkout/1

        8. The admin side
             curl -s %2$s/health
             curl -s %2$s/ready
             curl -s %2$s/metrics | grep portico_

        Press Ctrl+C to stop.
        """.formatted(gw, admin, shop.orders1(), shop.orders2(), shop.customers(), shop.products());
  }
}
