package dev.portico.transform;

import dev.portico.aggregate.Reference;
import dev.portico.aggregate.Template;
import dev.portico.pipeline.Exchange;
import dev.portico.security.Identity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transform value: the aggregate's template syntax limited to what one request knows: route parameters,
 * query parameters, identity fields and {@code {requestId}}. The binder has checked the references.
 */
final class RequestTemplate {
  private final Template template;

  private RequestTemplate(Template template) {
    this.template = template;
  }

  static Map<String, RequestTemplate> all(Map<String, String> texts) {
    Map<String, RequestTemplate> out = new LinkedHashMap<>();
    texts.forEach((name, text) -> out.put(name, new RequestTemplate(Template.parse(text))));
    return Map.copyOf(out);
  }

  /** The rendered text, or null when a referenced value is absent. */
  String render(Values values, boolean encode) {
    try {
      return template.render(values, encode);
    } catch (Template.MissingValueException e) {
      return null;
    }
  }

  /** One request's values. */
  static final class Values implements Template.Values {
    private final Exchange exchange;

    Values(Exchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public Object resolve(Reference reference) {
      return switch (reference.kind()) {
        case PARAM -> {
          String value = exchange.pathParams().get(reference.name());
          yield value == null && reference.name().equals("requestId") ? exchange.requestId() : value;
        }
        case QUERY -> exchange.request().getParam(reference.name());
        case IDENTITY -> identity(exchange.get(Identity.KEY), reference.name());
        default -> null;
      };
    }

    private static String identity(Identity identity, String field) {
      if (identity == null) {
        return null;
      }
      return switch (field) {
        case "subject" -> identity.subject();
        case "tenant" -> identity.tenant();
        case "consumer" -> identity.consumer();
        case "plan" -> identity.plan();
        default -> null;
      };
    }
  }
}
