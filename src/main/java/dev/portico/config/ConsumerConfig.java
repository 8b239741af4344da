package dev.portico.config;

import java.util.List;
import java.util.Objects;

/**
 * A known client of the API ({@code consumers[i]}), authenticated by any of its API keys.
 *
 * @param tenant  the tenant it belongs to, or {@code null}
 * @param plan    the name of its plan in {@link GatewayConfig#plans()}, or {@code null}
 * @param apiKeys its keys, as hashes only; at least one
 * @param scopes  scopes granted to it, empty unless configured
 */
public record ConsumerConfig(String id, String tenant, String plan, List<ApiKeyHash> apiKeys,
    List<String> scopes) {

  public ConsumerConfig {
    Objects.requireNonNull(id, "id");
    apiKeys = List.copyOf(apiKeys);
    if (apiKeys.isEmpty()) {
      throw new IllegalArgumentException("apiKeys: empty (expected: at least one key)");
    }
    scopes = List.copyOf(scopes);
  }
}
