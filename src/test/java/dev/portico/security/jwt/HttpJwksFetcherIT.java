package dev.portico.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JWKS client against a real server: what it accepts, and the answers it gives up on. */
class HttpJwksFetcherIT {
  private static Vertx vertx;
  private static HttpServer server;
  private static HttpJwksFetcher fetcher;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> {
          switch (request.path()) {
            case "/jwks" -> request.response().putHeader("Cache-Control", "public, max-age=600").end("{\"keys\":[]}");
            case "/missing" -> request.response().setStatusCode(404).end("no such thing");
            case "/redirect" -> request.response().setStatusCode(302).putHeader("Location", "/jwks").end();
            case "/huge" -> request.response().setChunked(true).end("x".repeat(HttpJwksFetcher.MAX_BYTES + 1));
            case "/silent" -> { } // never answers
            default -> request.response().setStatusCode(500).end();
          }
        });
    server.listen().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    fetcher = new HttpJwksFetcher(vertx);
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    vertx.close();
  }

  private static Future<JwksDocument> fetch(String path) throws Exception {
    Future<JwksDocument> f = fetcher.fetch(URI.create("http://127.0.0.1:" + server.actualPort() + path));
    try {
      f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      // inspected by the caller
    }
    return f;
  }

  @Test
  void fetchesTheDocument_withItsMaxAge() throws Exception {
    JwksDocument doc = fetch("/jwks").result();
    assertThat(doc.body()).isEqualTo("{\"keys\":[]}");
    assertThat(doc.maxAge()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void errorStatus_andRedirect_fail() throws Exception {
    assertThat(fetch("/missing").cause()).hasMessage("HTTP status 404");
    assertThat(fetch("/redirect").cause()).hasMessage("HTTP status 302");
  }

  @Test
  void oversizedDocument_fails() throws Exception {
    assertThat(fetch("/huge").cause()).hasMessageContaining("larger than");
  }

  @Test
  void silentEndpoint_failsAtTheDeadline() throws Exception {
    assertThat(fetch("/silent").failed()).isTrue();
  }

  @Test
  void maxAge_parsing() {
    assertThat(HttpJwksFetcher.maxAge(null)).isNull();
    assertThat(HttpJwksFetcher.maxAge("public")).isNull();
    assertThat(HttpJwksFetcher.maxAge("max-age=300, must-revalidate")).isEqualTo(Duration.ofSeconds(300));
    assertThat(HttpJwksFetcher.maxAge("public,max-age=\"60\"")).isEqualTo(Duration.ofSeconds(60));
    assertThat(HttpJwksFetcher.maxAge("no-store")).isEqualTo(Duration.ZERO);
    assertThat(HttpJwksFetcher.maxAge("s-maxage=10")).isNull();
  }
}
