package dev.portico.routing;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A {@link RequestView} for tests: {@code TestRequest.get("/x").host("a.com").header("X-A", "1")}. */
final class TestRequest implements RequestView {
  private String host = "gateway.local";
  private final String method;
  private final String path;
  private final Map<String, String> headers = new HashMap<>();
  private final Map<String, String> query = new HashMap<>();

  private TestRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static TestRequest of(String method, String path) {
    return new TestRequest(method, path);
  }

  static TestRequest get(String path) {
    return of("GET", path);
  }

  TestRequest host(String host) {
    this.host = host;
    return this;
  }

  TestRequest header(String name, String value) {
    headers.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  TestRequest query(String name, String value) {
    query.put(name, value);
    return this;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String queryParam(String name) {
    return query.get(name);
  }
}
