package dev.portico.transform;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import dev.portico.pipeline.Exchange;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Relays a proxied JSON response in a view: the body is read whole (up to a limit), shaped and sent
 * with its new length. A body past the limit, or one that is not valid JSON, goes to the client as it
 * came, so the view never costs the client its answer.
 */
public final class ShapedRelay {
  private ShapedRelay() {}

  /** Whether the response is uncompressed JSON with a 2xx status: the only kind worth shaping. */
  public static boolean applies(HttpClientResponse upstream) {
    String type = upstream.getHeader("content-type");
    String encoding = upstream.getHeader("content-encoding");
    return upstream.statusCode() >= 200 && upstream.statusCode() < 300 && upstream.statusCode() != 204
        && type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")
        && (encoding == null || encoding.equalsIgnoreCase("identity"));
  }

  /** What a relay does to a JSON answer, and the largest body it reads to do it. */
  public record Reshape(UnaryOperator<Object> apply, long maxBodySize) {}

  /**
   * The reshaping a proxied answer needs: the route's transform edits the body, then the requested view
   * picks from it. Null when the answer passes as it comes.
   */
  public static Reshape reshapeFor(Shaper shaper, Exchange exchange) {
    JsonView view = shaper == null ? null : shaper.viewFor(exchange);
    UpstreamEdits edits = exchange.get(UpstreamEdits.KEY);
    UnaryOperator<Object> edit = edits == null ? null : edits.responseBody();
    if (edit == null) {
      return view == null ? null : new Reshape(view::apply, shaper.maxBodySize());
    }
    if (view == null) {
      return new Reshape(edit, edits.responseBodyLimit());
    }
    return new Reshape(document -> view.apply(edit.apply(document)),
        Math.min(shaper.maxBodySize(), edits.responseBodyLimit()));
  }

  /**
   * @param response with status and end-to-end headers already set from the upstream
   * @return completes when the client response has ended
   */
  public static Future<Void> relay(HttpClientResponse upstream, HttpServerResponse response, JsonView view,
      long maxBodySize, HttpVersion clientVersion) {
    return relay(upstream, response, new Reshape(view::apply, maxBodySize), clientVersion);
  }

  /**
   * @param response with status and end-to-end headers already set from the upstream
   * @return completes when the client response has ended
   */
  public static Future<Void> relay(HttpClientResponse upstream, HttpServerResponse response, Reshape reshape,
      HttpVersion clientVersion) {
    long maxBodySize = reshape.maxBodySize();
    String declared = upstream.getHeader("content-length");
    if (declared != null && declared.length() < 19 && Long.parseLong(declared) > maxBodySize) {
      return upstream.pipe().endOnFailure(false).to(response);
    }
    Promise<Void> done = Promise.promise();
    Buffer body = Buffer.buffer();
    boolean[] streaming = {false};
    upstream.handler(chunk -> {
      if (body.length() + chunk.length() <= maxBodySize) {
        body.appendBuffer(chunk);
        return;
      }
      // Past the limit: send what was read and stream the rest untouched.
      streaming[0] = true;
      upstream.pause();
      upstream.handler(null);
      upstream.endHandler(null);
      if (clientVersion != HttpVersion.HTTP_1_0) {
        response.setChunked(true);
      }
      response.write(body.appendBuffer(chunk));
      upstream.pipe().endOnFailure(false).to(response).onComplete(done);
    });
    upstream.exceptionHandler(err -> {
      if (!streaming[0]) {
        done.tryFail(err);
      }
    });
    upstream.endHandler(v -> {
      if (streaming[0]) {
        return;
      }
      Buffer out;
      try {
        out = Json.encodeToBuffer(reshape.apply().apply(Json.decodeValue(body)));
      } catch (DecodeException e) {
        out = body;
      }
      MultiMap headers = response.headers();
      headers.remove("content-length");
      headers.remove("etag"); // the representation changed
      response.end(out).onComplete(done);
    });
    return done.future();
  }
}
