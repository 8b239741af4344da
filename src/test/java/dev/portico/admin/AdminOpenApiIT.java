package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI description and the server agree: every endpoint is described, and every description is answered. */
class AdminOpenApiIT {
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  static TestGateway gateway;
  static JsonObject document;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start("routes: []\n");
    document = new JsonObject(AdminServer.openApiDocument());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static List<String> described() {
    List<String> out = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String key : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(key)) {
          out.add(key.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    return out;
  }

  @Test
  void isOpenApi31_andServedAtOpenapiJson() {
    assertThat(document.getString("openapi")).startsWith("3.1.");
    HttpResponse<String> served = gateway.adminGet("/openapi.json");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(served.body())).isEqualTo(document);
  }

  @Test
  void everyEndpointIsDescribed_andEveryDescribedOperationIsAnEndpoint() {
    assertThat(described()).containsExactlyInAnyOrderElementsOf(AdminServer.endpoints(gateway.gateway()));
  }

  @Test
  void everyDescribedOperation_isAnsweredByItsEndpoint() {
    for (String operation : described()) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1)
          .replace("{target}", "127.0.0.1:1").replaceAll("\\{[a-z]+}", "nosuch");
      HttpResponse<String> response = gateway.adminSend(HttpRequest.newBuilder(URI.create(gateway.adminUrl(path)))
          .method(method, HttpRequest.BodyPublishers.noBody()));

      assertThat(response.statusCode()).as(operation).isNotEqualTo(405).isNotEqualTo(401);
      assertThat(response.body()).as(operation).doesNotContain("unknown admin path");
      String status = String.valueOf(response.statusCode());
      JsonObject responses = document.getJsonObject("paths").getJsonObject(operation.substring(method.length() + 1))
          .getJsonObject(method.toLowerCase(Locale.ROOT)).getJsonObject("responses");
      assertThat(responses.fieldNames()).as(operation + " documents its " + status).contains(status);
    }
  }

  @Test
  void openOperationsDeclareNoSecurity_theOthersNeedTheToken() {
    assertThat(document.getJsonArray("security")).isEqualTo(new JsonArray().add(new JsonObject().put("adminToken",
        new JsonArray())));
    JsonObject paths = document.getJsonObject("paths");
    for (String operation : described()) {
      String method = operation.substring(0, operation.indexOf(' ')).toLowerCase(Locale.ROOT);
      String path = operation.substring(operation.indexOf(' ') + 1);
      JsonObject op = paths.getJsonObject(path).getJsonObject(method);
      boolean open = AdminAuth.isOpen(path);
      assertThat(op.getJsonArray("security") != null && op.getJsonArray("security").isEmpty())
          .as(operation + " open").isEqualTo(open);
      if (!open) {
        assertThat(op.getJsonObject("responses").containsKey("401")).as(operation + " documents 401").isTrue();
      }
    }
  }
}
