package dev.portico.security.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ApiKeyHash;
import dev.portico.config.ApiKeysConfig;
import dev.portico.config.ConsumerConfig;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Exchange;
import dev.portico.security.Identity;
import dev.portico.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The directory reading keys from real requests: a server authenticates each request and answers
 * with the consumer it found, "anonymous", or the error code.
 */
class ConsumerDirectoryIT {
  static final String KEY = "ak_live_mobile_0123456789";
  static final String OTHER_KEY = "ak_live_partner_aaaaaaaaaa";

  static Vertx vertx;
  static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    ConsumerDirectory withQuery = ConsumerDirectory.of(new ApiKeysConfig("X-Portico-Key", "api_key"), List.of(
        new ConsumerConfig("mobile-app", "acme", "gold", List.of(ApiKeyHash.of(KEY)), List.of()),
        new ConsumerConfig("partner", null, null, List.of(ApiKeyHash.of(OTHER_KEY)), List.of())));
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> {
          Exchange exchange = new Exchange(request, "req-1", "127.0.0.1", "127.0.0.1", false, request.path(),
              System.nanoTime(), null);
          boolean queryAllowed = request.path().startsWith("/query-ok");
          String answer;
          try {
            Identity identity = withQuery.authenticate(exchange, queryAllowed);
            answer = identity == null ? "anonymous" : identity.consumer() + "/" + identity.tenant();
          } catch (GatewayException e) {
            answer = e.code().code() + ": " + e.detail();
          }
          request.response().end(answer);
        });
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  static String get(String target, String... headers) throws IOException {
    StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: t\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    try (RawHttp.Connection c = RawHttp.connect(server.actualPort(), 5000)) {
      return c.send(request.append("\r\n").toString()).read().bodyText();
    }
  }

  @Test
  void keyInTheConfiguredHeader_anyCase() throws IOException {
    assertThat(get("/", "X-Portico-Key: " + KEY)).isEqualTo("mobile-app/acme");
    assertThat(get("/", "x-portico-key: " + OTHER_KEY)).isEqualTo("partner/null");
  }

  @Test
  void noKey_isAnonymous() throws IOException {
    assertThat(get("/")).isEqualTo("anonymous");
    assertThat(get("/", "X-API-Key: " + KEY)).as("not the configured header").isEqualTo("anonymous");
  }

  @Test
  void unknownOrEmptyKey_isUnauthenticated() throws IOException {
    assertThat(get("/", "X-Portico-Key: ak_live_mobile_0123456788"))
        .isEqualTo("unauthenticated: The API key is not valid.");
    assertThat(get("/", "X-Portico-Key: ")).isEqualTo("unauthenticated: The API key is not valid.");
  }

  @Test
  void queryParameter_onlyWhereTheRouteAllowsIt() throws IOException {
    assertThat(get("/query-ok?api_key=" + KEY)).isEqualTo("mobile-app/acme");
    assertThat(get("/elsewhere?api_key=" + KEY)).isEqualTo("anonymous");
  }

  @Test
  void malformedQuery_isABadRequest() throws IOException {
    assertThat(get("/query-ok?api_key=%zz")).isEqualTo("bad_request: Malformed query string.");
  }

  @Test
  void severalKeys_areRefusedEvenIfEachIsValid() throws IOException {
    String refused = "unauthenticated: Present one API key, not several.";
    assertThat(get("/", "X-Portico-Key: " + KEY, "X-Portico-Key: " + KEY)).isEqualTo(refused);
    assertThat(get("/", "X-Portico-Key: " + KEY, "X-Portico-Key: " + OTHER_KEY)).isEqualTo(refused);
    assertThat(get("/query-ok?api_key=" + OTHER_KEY, "X-Portico-Key: " + KEY)).isEqualTo(refused);
    assertThat(get("/query-ok?api_key=" + KEY + "&api_key=" + KEY)).isEqualTo(refused);
  }
}
