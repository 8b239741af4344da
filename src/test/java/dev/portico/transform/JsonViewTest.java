package dev.portico.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ShapeConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonViewTest {
  private static final JsonObject CHECKOUT = new JsonObject("""
      {"order": {"id": 7, "total": 12.5, "lines": [{"productId": 1, "quantity": 2}], "status": "PAID"},
       "customer": {"id": 3, "name": "Ada", "address": {"city": "Paris", "zip": "75001"}},
       "products": [{"id": 1, "name": "Pen", "price": 2}, {"id": 2, "name": "Ink", "price": 5}],
       "_partial": {"reviews": "timeout"}}""");

  private static Object view(List<String> fields, Map<String, String> rename) {
    return JsonView.of(new ShapeConfig.View(fields, rename)).apply(CHECKOUT);
  }

  @Test
  void keepsExactlyTheSelectedFields_arraysElementWise() {
    assertThat(view(List.of("order.id", "customer.name", "products.name", "products.price"), Map.of()))
        .isEqualTo(new JsonObject("""
            {"order": {"id": 7}, "customer": {"name": "Ada"},
             "products": [{"name": "Pen", "price": 2}, {"name": "Ink", "price": 5}]}"""));
  }

  @Test
  void jsonPointersSelectLikeDottedPaths() {
    assertThat(view(List.of("/customer/address/city", "/products/1/name"), Map.of()))
        .isEqualTo(new JsonObject("""
            {"customer": {"address": {"city": "Paris"}}, "products": [{"name": "Ink"}]}"""));
  }

  @Test
  void renameMovesAValueToANewPath() {
    assertThat(view(List.of("order.id"), Map.of("customer.address.city", "city", "products.name", "names")))
        .isEqualTo(new JsonObject("""
            {"order": {"id": 7}, "city": "Paris", "names": ["Pen", "Ink"]}"""));
  }

  @Test
  void renameInsideArrayElements_staysElementWise() {
    assertThat(view(List.of("products.id"), Map.of("products.name", "products.title")))
        .isEqualTo(new JsonObject("""
            {"products": [{"id": 1, "title": "Pen"}, {"id": 2, "title": "Ink"}]}"""));
  }

  @Test
  void withoutFields_keepsEverythingAndAppliesRenames() {
    JsonObject out = (JsonObject) view(List.of(), Map.of("order.status", "state"));
    assertThat(out.getString("state")).isEqualTo("PAID");
    assertThat(out.getJsonObject("order").containsKey("status")).isFalse();
    assertThat(out.getJsonObject("customer")).isEqualTo(CHECKOUT.getJsonObject("customer"));
  }

  @Test
  void missingPathsAreLeftOut_andTheSourceIsNotModified() {
    JsonObject before = CHECKOUT.copy();
    assertThat(view(List.of("order.id", "order.coupon", "nothing.here"), Map.of("customer", "buyer")))
        .isEqualTo(new JsonObject("{\"order\": {\"id\": 7}, \"buyer\": " + before.getJsonObject("customer").encode()
            + "}"));
    assertThat(CHECKOUT).isEqualTo(before);
  }
}
