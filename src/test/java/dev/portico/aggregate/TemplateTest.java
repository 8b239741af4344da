package dev.portico.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Map<String, Object> VALUES = Map.of(
      "orderId", "a b/c",
      "order.productIds", List.of(1, 2, "x,y"),
      "query.lang", "en",
      "identity.tenant", "acme");

  private static String render(String template, boolean encode) {
    return Template.parse(template).render(ref -> VALUES.get(ref.text()), encode);
  }

  @Test
  void referencesOfEachKind() {
    assertThat(Template.parse("/o/{orderId}?l={query.lang}&t={identity.tenant}&c={order.customer.id}").references())
        .extracting(Reference::kind).containsExactly(Reference.Kind.PARAM, Reference.Kind.QUERY,
            Reference.Kind.IDENTITY, Reference.Kind.PART);
    assertThat(Template.parse("/i/{item}/{item.id}").references()).extracting(Reference::kind)
        .containsOnly(Reference.Kind.ITEM);
    assertThat(Template.parse("/c/{order.customer.id}?x={items.ids}").dependencies())
        .containsExactly("order", "items");
  }

  @Test
  void valuesArePercentEncodedSoTheyCannotChangeTheUri() {
    assertThat(render("/orders/{orderId}", true)).isEqualTo("/orders/a%20b%2Fc");
  }

  @Test
  void listsJoinWithCommasEachElementEncoded() {
    assertThat(render("/products?ids={order.productIds}", true)).isEqualTo("/products?ids=1,2,x%2Cy");
    assertThat(render("{order.productIds}", false)).isEqualTo("1,2,x,y");
  }

  @Test
  void missingValue_namesTheReference() {
    assertThatThrownBy(() -> render("/c/{order.customerId}", true))
        .isInstanceOf(Template.MissingValueException.class).hasMessage("order.customerId");
  }

  @Test
  void headerValuesRefuseLineBreaks() {
    assertThatThrownBy(() -> Template.parse("{x}").render(ref -> "a\r\nInjected: 1", false))
        .isInstanceOf(Template.MissingValueException.class);
  }

  @Test
  void malformedTemplates_areRefused() {
    assertThatThrownBy(() -> Template.parse("/a/{b")).hasMessage("unclosed \"{\" at offset 3");
    assertThatThrownBy(() -> Template.parse("/a/b}")).hasMessage("unmatched \"}\" at offset 4");
    assertThatThrownBy(() -> Template.parse("/a/{}")).hasMessage("empty \"{}\"");
    assertThatThrownBy(() -> Template.parse("/a/{order..id}")).hasMessage("\"{order..id}\" has an empty segment");
  }
}
