package dev.portico.security.jwt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ClientSSLOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches JWKS documents with the Vert.x HTTP client: never blocks, verifies the server's certificate and host name
 * for https, follows no redirect, reads at most {@value #MAX_BYTES} bytes, and gives up after
 * {@value #TIMEOUT_MILLIS} ms, whatever the endpoint does.
 */
final class HttpJwksFetcher implements JwksFetcher {
  static final long TIMEOUT_MILLIS = 5_000;
  static final int MAX_BYTES = 512 * 1024;
  private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})");
  private static final Pattern NO_CACHE = Pattern.compile("(?i)(?:^|[,\\s])no-(?:cache|store)\\b");

  private final HttpClient client;

  HttpJwksFetcher(Vertx vertx) {
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) TIMEOUT_MILLIS)
        .setKeepAlive(false)
        .setVerifyHost(true)
        .setTrustAll(false)
        .setMaxHeaderSize(32 * 1024);
    this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(4));
  }

  @Override
  public Future<JwksDocument> fetch(URI uri) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(uri.toString())
        .setConnectTimeout(TIMEOUT_MILLIS)
        .setIdleTimeout(TIMEOUT_MILLIS)
        .setFollowRedirects(false)
        .putHeader("Accept", "application/jwk-set+json, application/json");
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      options.setSsl(true).setSslOptions(new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS"));
    }
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    return client.request(options)
        .compose(request -> {
          sent.set(request);
          return request.send();
        })
        .compose(HttpJwksFetcher::read)
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onFailure(e -> {
          HttpClientRequest request = sent.get();
          if (request != null) {
            request.reset();
          }
        });
  }

  private static Future<JwksDocument> read(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return abandon(response, "HTTP status " + response.statusCode());
    }
    if (declaredLength(response.getHeader("content-length")) > MAX_BYTES) {
      return abandon(response, "the document is larger than " + MAX_BYTES + " bytes");
    }
    Duration maxAge = maxAge(response.getHeader("cache-control"));
    Promise<JwksDocument> done = Promise.promise();
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BYTES) {
        done.tryFail("the document is larger than " + MAX_BYTES + " bytes");
        response.handler(null);
        response.request().reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    response.exceptionHandler(done::tryFail);
    response.endHandler(v -> done.tryComplete(new JwksDocument(body.toString(), maxAge)));
    return done.future();
  }

  /** Gives up on a response without reading its body: the connection is reset, not drained. */
  private static Future<JwksDocument> abandon(HttpClientResponse response, String why) {
    response.exceptionHandler(e -> {});
    response.request().reset();
    return Future.failedFuture(why);
  }

  /** The declared length, 0 when absent, or more than the limit when unreadable. */
  private static long declaredLength(String length) {
    if (length == null) {
      return 0;
    }
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code max-age} in seconds from Cache-Control; zero for no-cache or no-store; {@code null} if absent. */
  static Duration maxAge(String cacheControl) {
    if (cacheControl == null) {
      return null;
    }
    if (NO_CACHE.matcher(cacheControl).find()) {
      return Duration.ZERO;
    }
    Matcher m = MAX_AGE.matcher(cacheControl);
    return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : null;
  }

  void close() {
    client.close();
  }
}
