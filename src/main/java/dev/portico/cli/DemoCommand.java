package dev.portico.cli;

import dev.portico.demo.DemoTour;
import dev.portico.demo.ShopServices;
import dev.portico.runtime.Gateway;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

@Command(name = "demo", description = "Start the demo shop (orders x2, customers, products) behind the gateway "
    + "and print curl commands to try. Needs nothing but Java.")
final class DemoCommand implements Callable<Integer> {
  /** The admin token (generated at start) with the dashboard's URL and a call that needs the token. */
  static String adminAccess(int adminPort, String token) {
    return """
        Admin token: %2$s
          dashboard  http://127.0.0.1:%1$d/dashboard#token=%2$s   (live requests, latency, targets)
          admin API  curl -s -H 'Authorization: Bearer %2$s' localhost:%1$d/routes
                     (every admin path but /health, /ready, /metrics and the dashboard page needs the token;
                      its description: localhost:%1$d/openapi.json)
        """.formatted(adminPort, token);
  }

  @Override
  public Integer call() throws Exception {
    Vertx services = Vertx.vertx();
    ShopServices shop = ShopServices.start(services, ShopServices.Ports.defaults())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Path config = Files.createTempFile("portico-demo-", ".yaml");
    try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/shop.yaml")) {
      Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
    }
    Gateway gateway = Gateway.start(config);
    RunCommand.installShutdownHook(gateway);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shop.stop();
      services.close();
    }));
    System.out.println(DemoTour.curlCommands(gateway.port(), gateway.adminPort()));
    System.out.println(adminAccess(gateway.adminPort(), gateway.adminToken()));
    System.out.println("Config: " + config + " (edit it: changes are applied live)");
    RunCommand.markRunning();
    return 0;
  }
}
