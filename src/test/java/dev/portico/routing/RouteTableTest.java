package dev.portico.routing;

import static dev.portico.routing.Rules.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.routing.RouteMatch.Status;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private static RouteTable.Builder<String> builder() {
    return RouteTable.builder();
  }

  private static String winner(RouteTable<String> table, RequestView request) {
    RouteMatch<String> m = table.match(request);
    return m.status() == Status.MATCHED ? m.value() : m.status().name();
  }

  private static String winner(RouteTable<String> table, String path) {
    return winner(table, TestRequest.get(path));
  }

  @Nested
  class PathShapes {
    final RouteTable<String> table = builder()
        .add(MatchRule.of("/health"), "health")
        .add(MatchRule.of("/orders"), "orders")
        .add(MatchRule.of("/orders/"), "orders-slash")
        .add(MatchRule.of("/orders/{id}"), "order")
        .add(MatchRule.of("/orders/{id}/items/{item}"), "item")
        .add(MatchRule.of("/api/**"), "api")
        .add(MatchRule.of("/"), "root")
        .build();

    @Test
    void exactPatternMatchesOnlyItsPath() {
      assertThat(winner(table, "/health")).isEqualTo("health");
      assertThat(winner(table, "/health/")).isEqualTo("NOT_FOUND");
      assertThat(winner(table, "/healthz")).isEqualTo("NOT_FOUND");
      assertThat(winner(table, "/")).isEqualTo("root");
    }

    @Test
    void trailingSlashIsSignificantForExactAndTemplatePatterns() {
      assertThat(winner(table, "/orders")).isEqualTo("orders");
      assertThat(winner(table, "/orders/")).isEqualTo("orders-slash");
      assertThat(winner(table, "/orders/42")).isEqualTo("order");
      assertThat(winner(table, "/orders/42/")).isEqualTo("NOT_FOUND");
    }

    @Test
    void templateSegmentMatchesExactlyOneNonEmptySegment() {
      assertThat(winner(table, "/orders/42/items/7")).isEqualTo("item");
      assertThat(winner(table, "/orders/42/items")).isEqualTo("NOT_FOUND");
      assertThat(winner(table, "/orders/42/items/7/8")).isEqualTo("NOT_FOUND");
    }

    @Test
    void templateCapturesAreDecoded() {
      RouteMatch<String> m = table.match(TestRequest.get("/orders/a%20b%C3%A9/items/x%2Fy"));
      assertThat(m.pathParams()).containsExactlyInAnyOrderEntriesOf(Map.of("id", "a bé", "item", "x/y"));
    }

    @Test
    void prefixPatternMatchesItselfWithAndWithoutSlashAndEverythingBelow() {
      assertThat(winner(table, "/api")).isEqualTo("api");
      assertThat(winner(table, "/api/")).isEqualTo("api");
      assertThat(winner(table, "/api/v1/users")).isEqualTo("api");
      assertThat(winner(table, "/apix")).isEqualTo("NOT_FOUND");
      assertThat(winner(table, "/apix/y")).isEqualTo("NOT_FOUND");
    }

    @Test
    void prefixRemainderIsTheRestOfThePathWithoutLeadingSlash() {
      assertThat(table.match(TestRequest.get("/api")).pathParams()).containsExactly(Map.entry("**", ""));
      assertThat(table.match(TestRequest.get("/api/")).pathParams()).containsExactly(Map.entry("**", ""));
      assertThat(table.match(TestRequest.get("/api/v1/a%20b/")).pathParams())
          .containsExactly(Map.entry("**", "v1/a%20b/"));
    }

    @Test
    void paramsAndRemainderTogether() {
      RouteTable<String> t = builder().add(MatchRule.of("/t/{tenant}/**"), "t").build();
      assertThat(t.match(TestRequest.get("/t/acme/x/y")).pathParams())
          .containsExactlyInAnyOrderEntriesOf(Map.of("tenant", "acme", "**", "x/y"));
    }

    @Test
    void exactPatternHasNoParams() {
      assertThat(table.match(TestRequest.get("/health")).pathParams()).isEmpty();
    }

    @Test
    void rootCatchAllMatchesEverything() {
      RouteTable<String> t = builder().add(MatchRule.of("/**"), "all").build();
      assertThat(winner(t, "/")).isEqualTo("all");
      assertThat(winner(t, "/a/b/c")).isEqualTo("all");
      assertThat(t.match(TestRequest.get("/a/b")).pathParams()).containsExactly(Map.entry("**", "a/b"));
      assertThat(t.match(TestRequest.get("/")).pathParams()).containsExactly(Map.entry("**", ""));
    }

    @Test
    void emptyTableFindsNothing() {
      RouteTable<String> t = builder().build();
      assertThat(t.size()).isZero();
      assertThat(t.match(TestRequest.get("/")).status()).isEqualTo(Status.NOT_FOUND);
      assertThat(t.match(TestRequest.get("/")).value()).isNull();
    }
  }

  @Nested
  class Precedence {
    @Test
    void higherPriorityWinsOverEverythingElse() {
      RouteTable<String> t = builder()
          .add(path("/a/b").hosts("x.com").methods("GET").header("h", "1").rule(), "specific")
          .add(path("/**").priority(1).rule(), "low-specificity-high-priority")
          .build();
      assertThat(winner(t, TestRequest.get("/a/b").host("x.com").header("h", "1")))
          .isEqualTo("low-specificity-high-priority");
    }

    @Test
    void exactHostBeatsWildcardBeatsAnyHost() {
      RouteTable<String> t = builder()
          .add(path("/x").rule(), "any")
          .add(path("/x").hosts("*.example.com").rule(), "wildcard")
          .add(path("/x").hosts("api.example.com").rule(), "exact")
          .build();
      assertThat(winner(t, TestRequest.get("/x").host("api.example.com"))).isEqualTo("exact");
      assertThat(winner(t, TestRequest.get("/x").host("web.example.com"))).isEqualTo("wildcard");
      assertThat(winner(t, TestRequest.get("/x").host("example.org"))).isEqualTo("any");
    }

    @Test
    void longerWildcardSuffixBeatsShorter() {
      RouteTable<String> t = builder()
          .add(path("/x").hosts("*.example.com").rule(), "short")
          .add(path("/x").hosts("*.eu.example.com").rule(), "long")
          .build();
      assertThat(winner(t, TestRequest.get("/x").host("a.eu.example.com"))).isEqualTo("long");
      assertThat(winner(t, TestRequest.get("/x").host("a.b.eu.example.com"))).isEqualTo("long");
      assertThat(winner(t, TestRequest.get("/x").host("a.us.example.com"))).isEqualTo("short");
    }

    @Test
    void hostSpecificityBeatsPathSpecificity() {
      RouteTable<String> t = builder()
          .add(path("/orders/{id}").rule(), "any-host-exact-path")
          .add(path("/**").hosts("api.example.com").rule(), "exact-host-prefix")
          .build();
      assertThat(winner(t, TestRequest.get("/orders/1").host("api.example.com"))).isEqualTo("exact-host-prefix");
      assertThat(winner(t, TestRequest.get("/orders/1").host("other.com"))).isEqualTo("any-host-exact-path");
    }

    @Test
    void literalSegmentBeatsTemplate() {
      RouteTable<String> t = builder()
          .add(MatchRule.of("/orders/{id}"), "template")
          .add(MatchRule.of("/orders/new"), "literal")
          .build();
      assertThat(winner(t, "/orders/new")).isEqualTo("literal");
      assertThat(winner(t, "/orders/7")).isEqualTo("template");
    }

    @Test
    void templateBeatsPrefix() {
      RouteTable<String> t = builder()
          .add(MatchRule.of("/orders/**"), "prefix")
          .add(MatchRule.of("/orders/{id}"), "template")
          .build();
      assertThat(winner(t, "/orders/7")).isEqualTo("template");
      assertThat(winner(t, "/orders/7/items")).isEqualTo("prefix");
      assertThat(winner(t, "/orders")).isEqualTo("prefix");
    }

    @Test
    void segmentsAreComparedFromTheLeft() {
      RouteTable<String> t = builder()
          .add(MatchRule.of("/{tenant}/orders/new"), "param-first")
          .add(MatchRule.of("/acme/{kind}/{id}"), "literal-first")
          .build();
      assertThat(winner(t, "/acme/orders/new")).isEqualTo("literal-first");
    }

    @Test
    void literalFirstSegmentBeatsDeeperLiteralsAfterAParam() {
      RouteTable<String> t = builder()
          .add(MatchRule.of("/{x}/items"), "param")
          .add(MatchRule.of("/api/**"), "prefix")
          .build();
      assertThat(winner(t, "/api/items")).isEqualTo("prefix");
    }

    @Test
    void longerLiteralPrefixBeatsShorterPrefix() {
      RouteTable<String> t = builder()
          .add(MatchRule.of("/**"), "root")
          .add(MatchRule.of("/api/**"), "api")
          .add(MatchRule.of("/api/v1/**"), "v1")
          .build();
      assertThat(winner(t, "/api/v1/users")).isEqualTo("v1");
      assertThat(winner(t, "/api/v1")).isEqualTo("v1");
      assertThat(winner(t, "/api/v2/users")).isEqualTo("api");
      assertThat(winner(t, "/other")).isEqualTo("root");
    }

    @Test
    void exactMatchBeatsPrefixOnTheSamePath() {
      RouteTable<String> t = builder()
          .add(MatchRule.of("/api/**"), "prefix")
          .add(MatchRule.of("/api"), "exact")
          .build();
      assertThat(winner(t, "/api")).isEqualTo("exact");
      assertThat(winner(t, "/api/")).isEqualTo("prefix");
    }

    @Test
    void moreConstraintsWinOnEqualPath() {
      RouteTable<String> t = builder()
          .add(path("/x").rule(), "none")
          .add(path("/x").methods("GET").rule(), "method")
          .add(path("/x").methods("GET").header("x-beta", "1").rule(), "method+header")
          .add(path("/x").methods("GET").header("x-beta", "1").query("v", "2").rule(), "method+header+query")
          .build();
      assertThat(winner(t, TestRequest.get("/x").header("X-Beta", "1").query("v", "2")))
          .isEqualTo("method+header+query");
      assertThat(winner(t, TestRequest.get("/x").header("X-Beta", "1"))).isEqualTo("method+header");
      assertThat(winner(t, TestRequest.get("/x"))).isEqualTo("method");
      assertThat(winner(t, TestRequest.of("POST", "/x"))).isEqualTo("none");
    }

    @Test
    void pathSpecificityBeatsConstraints() {
      RouteTable<String> t = builder()
          .add(path("/x/{id}").methods("GET").header("a", "*").rule(), "constrained-template")
          .add(path("/x/1").rule(), "bare-literal")
          .build();
      assertThat(winner(t, TestRequest.get("/x/1").header("a", "v"))).isEqualTo("bare-literal");
    }

    @Test
    void declarationOrderBreaksRemainingTies() {
      RouteTable<String> t = builder()
          .add(MatchRule.of("/orders/{id}"), "first")
          .add(MatchRule.of("/orders/{orderId}"), "second")
          .build();
      assertThat(winner(t, "/orders/1")).isEqualTo("first");
      assertThat(t.match(TestRequest.get("/orders/1")).pathParams()).containsExactly(Map.entry("id", "1"));
    }

    @Test
    void priorityIsComparedAcrossHostGroups() {
      RouteTable<String> t = builder()
          .add(path("/x").hosts("api.example.com").rule(), "exact-host")
          .add(path("/x").hosts("*.example.com").priority(5).rule(), "wildcard-prio")
          .add(path("/**").priority(3).rule(), "any-prio")
          .build();
      assertThat(winner(t, TestRequest.get("/x").host("api.example.com"))).isEqualTo("wildcard-prio");
    }

    @Test
    void aLessSpecificRouteWinsWhenTheSpecificOneDoesNotMatchTheMethod() {
      RouteTable<String> t = builder()
          .add(path("/orders/{id}").methods("GET").rule(), "get-order")
          .add(path("/orders/**").rule(), "fallback")
          .build();
      assertThat(winner(t, TestRequest.of("DELETE", "/orders/1"))).isEqualTo("fallback");
    }
  }

  @Nested
  class Hosts {
    final RouteTable<String> table = builder()
        .add(path("/x").hosts("api.example.com", "api.example.org").rule(), "exact")
        .add(path("/x").hosts("*.example.com").rule(), "wildcard")
        .build();

    @Test
    void exactHostMatchesAnyOfItsHosts() {
      assertThat(winner(table, TestRequest.get("/x").host("api.example.org"))).isEqualTo("exact");
    }

    @Test
    void wildcardMatchesOneOrMoreLabelsButNotTheBareDomain() {
      assertThat(winner(table, TestRequest.get("/x").host("a.example.com"))).isEqualTo("wildcard");
      assertThat(winner(table, TestRequest.get("/x").host("a.b.example.com"))).isEqualTo("wildcard");
      assertThat(winner(table, TestRequest.get("/x").host("example.com"))).isEqualTo("NOT_FOUND");
      assertThat(winner(table, TestRequest.get("/x").host(".example.com"))).isEqualTo("NOT_FOUND");
      assertThat(winner(table, TestRequest.get("/x").host("aexample.com"))).isEqualTo("NOT_FOUND");
    }

    @Test
    void hostRoutesDoNotMatchOtherHostsOrAMissingHost() {
      assertThat(winner(table, TestRequest.get("/x").host("example.org"))).isEqualTo("NOT_FOUND");
      assertThat(winner(table, TestRequest.get("/x").host(null))).isEqualTo("NOT_FOUND");
    }

    @Test
    void anyHostRouteMatchesAMissingHost() {
      RouteTable<String> t = builder().add(MatchRule.of("/x"), "any").build();
      assertThat(winner(t, TestRequest.get("/x").host(null))).isEqualTo("any");
    }
  }

  @Nested
  class Conditions {
    final RouteTable<String> table = builder()
        .add(path("/x").header("X-Version", "2").rule(), "v2")
        .add(path("/x").header("X-Debug", "*").rule(), "debug")
        .add(path("/y").query("format", "csv").rule(), "csv")
        .add(path("/y").query("token", "*").rule(), "token")
        .build();

    @Test
    void headerMustHaveTheExactValue() {
      assertThat(winner(table, TestRequest.get("/x").header("x-version", "2"))).isEqualTo("v2");
      assertThat(winner(table, TestRequest.get("/x").header("X-Version", "3"))).isEqualTo("NOT_FOUND");
    }

    @Test
    void starHeaderOnlyRequiresPresence() {
      assertThat(winner(table, TestRequest.get("/x").header("x-debug", ""))).isEqualTo("debug");
      assertThat(winner(table, TestRequest.get("/x"))).isEqualTo("NOT_FOUND");
    }

    @Test
    void queryMustHaveTheExactValueOrBePresentForStar() {
      assertThat(winner(table, TestRequest.get("/y").query("format", "csv"))).isEqualTo("csv");
      assertThat(winner(table, TestRequest.get("/y").query("format", "json"))).isEqualTo("NOT_FOUND");
      assertThat(winner(table, TestRequest.get("/y").query("token", "abc"))).isEqualTo("token");
      assertThat(winner(table, TestRequest.get("/y").query("Token", "abc"))).isEqualTo("NOT_FOUND");
    }

    @Test
    void allConditionsMustHold() {
      RouteTable<String> t = builder()
          .add(path("/z").header("a", "1").header("b", "*").query("q", "1").rule(), "all").build();
      assertThat(winner(t, TestRequest.get("/z").header("a", "1").header("b", "x").query("q", "1"))).isEqualTo("all");
      assertThat(winner(t, TestRequest.get("/z").header("a", "1").query("q", "1"))).isEqualTo("NOT_FOUND");
    }
  }

  @Nested
  class MethodNotAllowed {
    final RouteTable<String> table = builder()
        .add(path("/orders").methods("GET").rule(), "list")
        .add(path("/orders").methods("POST", "PUT").rule(), "create")
        .add(path("/orders").methods("DELETE").header("x-admin", "*").rule(), "purge")
        .add(path("/orders/{id}").methods("GET").rule(), "get")
        .add(path("/private").hosts("internal.local").methods("GET").rule(), "private")
        .build();

    @Test
    void methodMismatchOnAMatchingPathIs405WithAllowedMethods() {
      RouteMatch<String> m = table.match(TestRequest.of("PATCH", "/orders"));
      assertThat(m.status()).isEqualTo(Status.METHOD_NOT_ALLOWED);
      assertThat(m.value()).isNull();
      assertThat(m.allowedMethods()).containsExactly("GET", "HEAD", "POST", "PUT");
    }

    @Test
    void allowedMethodsIncludeOnlyRoutesWhoseConditionsMatched() {
      RouteMatch<String> m = table.match(TestRequest.of("PATCH", "/orders").header("X-Admin", "yes"));
      assertThat(m.allowedMethods()).containsExactly("DELETE", "GET", "HEAD", "POST", "PUT");
    }

    @Test
    void headMatchesARouteThatAllowsGet() {
      assertThat(winner(table, TestRequest.of("HEAD", "/orders/1"))).isEqualTo("get");
    }

    @Test
    void unknownPathIs404() {
      assertThat(table.match(TestRequest.of("PATCH", "/nope")).status()).isEqualTo(Status.NOT_FOUND);
      assertThat(table.match(TestRequest.of("PATCH", "/nope")).allowedMethods()).isEmpty();
    }

    @Test
    void pathMatchingOnlyOnAnotherHostIs404() {
      assertThat(table.match(TestRequest.of("POST", "/private")).status()).isEqualTo(Status.NOT_FOUND);
      assertThat(table.match(TestRequest.of("POST", "/private").host("internal.local")).status())
          .isEqualTo(Status.METHOD_NOT_ALLOWED);
    }

    @Test
    void failedHeaderConditionIs404NotA405() {
      RouteTable<String> t = builder().add(path("/a").methods("GET").header("x", "1").rule(), "a").build();
      assertThat(t.match(TestRequest.of("POST", "/a")).status()).isEqualTo(Status.NOT_FOUND);
      assertThat(t.match(TestRequest.of("POST", "/a").header("x", "1")).status())
          .isEqualTo(Status.METHOD_NOT_ALLOWED);
    }

    @Test
    void matchingMethodAnywhereWinsOverA405() {
      RouteTable<String> t = builder()
          .add(path("/a/{id}").methods("GET").rule(), "get")
          .add(path("/a/**").methods("POST").rule(), "post")
          .build();
      assertThat(winner(t, TestRequest.of("POST", "/a/1"))).isEqualTo("post");
      assertThat(t.match(TestRequest.of("PUT", "/a/1")).allowedMethods()).containsExactly("GET", "HEAD", "POST");
    }
  }
}
