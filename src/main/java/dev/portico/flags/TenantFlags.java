package dev.portico.flags;

import dev.portico.config.FlagConfig;
import dev.portico.pipeline.AttributeKey;
import dev.portico.pipeline.Chain;
import dev.portico.pipeline.Exchange;
import dev.portico.pipeline.Filter;
import dev.portico.security.Identity;
import dev.portico.transform.UpstreamEdits;
import dev.portico.upstream.Upstream;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's per-tenant feature flags: a request whose verified tenant is in a flag goes to that flag's
 * upstream. The tenant is only ever the one authentication established ({@link Identity#tenant()}), never a
 * header, so a client cannot choose its flags. Runs before a weighted split, which then leaves the choice alone.
 */
public final class TenantFlags implements Filter {
  /** The name of the flag that chose this request's upstream, when one did. */
  public static final AttributeKey<String> FLAG = AttributeKey.of("flag");

  record Target(String flag, Upstream upstream) {}

  private final Map<String, Target> byTenant;

  private TenantFlags(Map<String, Target> byTenant) {
    this.byTenant = byTenant;
  }

  @Override
  public String name() {
    return "flags";
  }

  /** Null when the route has no flags. */
  public static TenantFlags of(List<FlagConfig> flags, Map<String, Upstream> upstreams) {
    if (flags == null || flags.isEmpty()) {
      return null;
    }
    Map<String, Target> byTenant = new HashMap<>();
    for (FlagConfig flag : flags) {
      Target target = new Target(flag.name(), upstreams.get(flag.upstream()));
      flag.tenants().forEach(tenant -> byTenant.putIfAbsent(tenant, target));
    }
    return new TenantFlags(Map.copyOf(byTenant));
  }

  @Override
  public Future<Void> handle(Exchange exchange, Chain chain) {
    Target target = targetFor(exchange.get(Identity.KEY));
    if (target != null) {
      exchange.set(FLAG, target.flag());
      UpstreamEdits.of(exchange).upstream(target.upstream());
    }
    return chain.next(exchange);
  }

  /** The flag of the identity's tenant; null for anonymous requests and identities without a tenant. */
  Target targetFor(Identity identity) {
    return identity == null || identity.tenant() == null ? null : byTenant.get(identity.tenant());
  }
}
