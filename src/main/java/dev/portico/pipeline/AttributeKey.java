package dev.portico.pipeline;

/** A typed key for per-request state on an {@link Exchange} (Armeria's AttributeKey). */
public final class AttributeKey<T> {
  private final String name;

  private AttributeKey(String name) {
    this.name = name;
  }

  public static <T> AttributeKey<T> of(String name) {
    return new AttributeKey<>(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
