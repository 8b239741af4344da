package dev.portico.ratelimit;

import dev.portico.pipeline.Exchange;
import dev.portico.security.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What a limit is counted per. Values come only from what the gateway verified or decided: the
 * authenticated identity, the client address from the trusted-proxy chain (a client's own
 * {@code X-Forwarded-For} cannot change it) and the route id (never the raw path, so case, trailing
 * slashes or query strings cannot open a new bucket).
 */
public sealed interface KeySource {
  /** Values longer than this are hashed, so a client cannot make bucket keys arbitrarily large. */
  int MAX_RAW_VALUE = 64;

  String value(Exchange exchange);

  /** The YAML spelling, e.g. {@code consumer} or {@code header:X-Client}. */
  String yamlName();

  static KeySource parse(String s) {
    return switch (s) {
      case "consumer" -> new Consumer();
      case "tenant" -> new Tenant();
      case "ip" -> new ClientIp();
      case "route", "global" -> new Everyone(s);
      default -> {
        if (s.startsWith("header:") && s.length() > "header:".length()) {
          yield new Header(s.substring("header:".length()));
        }
        throw new IllegalArgumentException(s);
      }
    };
  }

  String EXPECTED = "consumer, tenant, ip, route, global or header:<name>";

  /** The consumer (or token subject); anonymous callers are counted per client address. */
  record Consumer() implements KeySource {
    @Override
    public String value(Exchange exchange) {
      Identity identity = exchange.get(Identity.KEY);
      if (identity == null) {
        return "ip:" + exchange.clientIp();
      }
      return "c:" + bounded(identity.consumer() != null ? identity.consumer() : identity.subject());
    }

    @Override
    public String yamlName() {
      return "consumer";
    }
  }

  /** The tenant; callers without one are counted per client address. */
  record Tenant() implements KeySource {
    @Override
    public String value(Exchange exchange) {
      Identity identity = exchange.get(Identity.KEY);
      return identity == null || identity.tenant() == null
          ? "ip:" + exchange.clientIp() : "t:" + bounded(identity.tenant());
    }

    @Override
    public String yamlName() {
      return "tenant";
    }
  }

  record ClientIp() implements KeySource {
    @Override
    public String value(Exchange exchange) {
      return "ip:" + exchange.clientIp();
    }

    @Override
    public String yamlName() {
      return "ip";
    }
  }

  /** One bucket for all callers of the route ({@code route}) or of the shared limit ({@code global}). */
  record Everyone(String yamlName) implements KeySource {
    @Override
    public String value(Exchange exchange) {
      return "*";
    }
  }

  record Header(String name) implements KeySource {
    @Override
    public String value(Exchange exchange) {
      String v = exchange.request().getHeader(name);
      return v == null ? "h:-" : "h:" + bounded(v);
    }

    @Override
    public String yamlName() {
      return "header:" + name;
    }
  }

  private static String bounded(String value) {
    if (value.length() <= MAX_RAW_VALUE) {
      return value;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
