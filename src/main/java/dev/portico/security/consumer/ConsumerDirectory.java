package dev.portico.security.consumer;

import dev.portico.config.ApiKeyHash;
import dev.portico.config.ApiKeysConfig;
import dev.portico.config.ConsumerConfig;
import dev.portico.error.ErrorCode;
import dev.portico.error.GatewayException;
import dev.portico.pipeline.Exchange;
import dev.portico.security.ApiKeyAuthenticator;
import dev.portico.security.Identity;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configured consumers, found by API key. Built once per config snapshot, then read-only.
 *
 * <p>Keys are held only as SHA-256 hashes ({@link ApiKeyHash}). A presented key is hashed first and
 * then looked up in a hash map keyed by those hashes, whose equality is constant-time: no step
 * compares the secret itself, and no scan over consumers stops early at a near match, so response
 * times reveal nothing about stored keys. Each consumer's {@link Identity} is built once here, so
 * authenticating costs one hash and one map lookup.
 */
public final class ConsumerDirectory implements ApiKeyAuthenticator {
  /** One answer for an unknown key and an empty one: a prober learns nothing from the wording. */
  private static final String INVALID = "The API key is not valid.";

  private final String header;
  private final String queryParameter;
  private final Map<ApiKeyHash, Identity> byKey;

  private ConsumerDirectory(String header, String queryParameter, Map<ApiKeyHash, Identity> byKey) {
    this.header = header;
    this.queryParameter = queryParameter;
    this.byKey = byKey;
  }

  /**
   * @throws IllegalArgumentException if two consumers share an id or a key (the config loader
   *     reports both with their positions first)
   */
  public static ConsumerDirectory of(ApiKeysConfig keys, List<ConsumerConfig> consumers) {
    Objects.requireNonNull(keys, "keys");
    Map<ApiKeyHash, Identity> byKey = new HashMap<>();
    var ids = new LinkedHashSet<String>();
    for (ConsumerConfig c : consumers) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("consumer id \"" + c.id() + "\" is used twice");
      }
      Identity identity = new Identity("apiKey", c.id(), c.id(), c.tenant(), c.plan(),
          new LinkedHashSet<>(c.scopes()), Map.of());
      for (ApiKeyHash key : c.apiKeys()) {
        if (byKey.putIfAbsent(key, identity) != null) {
          // Never name the key, not even its hash: only whose it is.
          throw new IllegalArgumentException("consumer \"" + c.id() + "\" has a key that another consumer has");
        }
      }
    }
    return new ConsumerDirectory(keys.header(), keys.queryParameter(), Map.copyOf(byKey));
  }

  public int size() {
    return byKey.size();
  }

  @Override
  public Identity authenticate(Exchange exchange, boolean queryAllowed) {
    HttpServerRequest request = exchange.request();
    List<String> fromHeader = request.headers().getAll(header);
    List<String> fromQuery = queryAllowed && queryParameter != null && request.query() != null
        ? queryValues(request) : List.of();
    int presented = fromHeader.size() + fromQuery.size();
    if (presented == 0) {
      return null;
    }
    // Two keys (two headers, or header and query) could be checked by one component and
    // attributed by another: refuse rather than pick one.
    if (presented > 1) {
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, "Present one API key, not several.");
    }
    String key = fromHeader.isEmpty() ? fromQuery.get(0) : fromHeader.get(0);
    Identity identity = find(key);
    if (identity == null) {
      throw new GatewayException(ErrorCode.UNAUTHENTICATED, INVALID);
    }
    return identity;
  }

  private List<String> queryValues(HttpServerRequest request) {
    try {
      return request.params().getAll(queryParameter);
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ErrorCode.BAD_REQUEST, "Malformed query string.");
    }
  }

  /** The consumer owning {@code key}, or null. */
  public Identity find(String key) {
    return key.isEmpty() ? null : byKey.get(ApiKeyHash.of(key));
  }
}
