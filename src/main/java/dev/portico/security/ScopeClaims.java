package dev.portico.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads granted scopes and roles from token claims: a space-separated string ({@code scope}) or a list
 * ({@code scp}, {@code roles}). A claim name with dots that is not itself a claim is followed into nested objects,
 * so Keycloak's {@code realm_access.roles} works while Auth0's {@code https://example.com/roles} stays one name.
 */
final class ScopeClaims {
  private ScopeClaims() {}

  static Set<String> read(Map<String, Object> claims, List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String name : names) {
      Object value = claim(claims, name);
      if (value instanceof String s) {
        for (String scope : s.split(" ")) {
          if (!scope.isEmpty()) {
            out.add(scope);
          }
        }
      } else if (value instanceof Collection<?> list) {
        for (Object item : list) {
          if (item instanceof String s && !s.isEmpty()) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }

  static Object claim(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    if (value != null || name.indexOf('.') < 0) {
      return value;
    }
    Object at = claims;
    for (String part : name.split("\\.")) {
      if (!(at instanceof Map<?, ?> map)) {
        return null;
      }
      at = map.get(part);
    }
    return at;
  }
}
