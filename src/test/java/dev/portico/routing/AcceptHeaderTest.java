package dev.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptHeaderTest {
  static String version(String accept) {
    return AcceptHeader.preferredParameter(accept, null, "version");
  }

  @Test
  void readsTheParameterOfASingleRange() {
    assertThat(version("application/vnd.shop+json; version=2")).isEqualTo("2");
    assertThat(version("application/vnd.shop+json;version=2")).isEqualTo("2");
    assertThat(version("application/vnd.shop+json ;  version = 2 ")).isEqualTo("2");
  }

  @Test
  void namesAreCaseInsensitiveAndQuotedValuesUnquoted() {
    assertThat(version("Application/Vnd.Shop+JSON; VERSION=\"2\"")).isEqualTo("2");
    assertThat(version("application/json; Version=\"2\\\"b\"")).isEqualTo("2\"b");
    assertThat(version("application/json; version=\"a, b; c\"")).isEqualTo("a, b; c");
  }

  @Test
  void theMostPreferredRangeWithTheParameterDecides() {
    assertThat(version("application/json; version=1; q=0.5, application/json; version=2")).isEqualTo("2");
    assertThat(version("application/json; version=1, application/json; version=2")).isEqualTo("1");
    assertThat(version("application/json; version=1; q=0.3, application/json; version=2; q=0.2")).isEqualTo("1");
    assertThat(version("text/html, application/json; version=3; q=0.9")).isEqualTo("3");
  }

  @Test
  void aRangeThatIsNotAcceptableIsSkipped() {
    assertThat(version("application/json; version=2; q=0")).isNull();
    assertThat(version("application/json; version=2; q=0.000, application/json; version=1; q=0.001"))
        .isEqualTo("1");
  }

  @Test
  void parametersAfterTheWeightAreExtensionsNotMediaTypeParameters() {
    assertThat(version("application/json; q=0.5; version=2")).isNull();
  }

  @Test
  void malformedRangesAreSkippedAndTheRestStillRead() {
    assertThat(version("application/json; version=2; q=2")).isNull();
    assertThat(version("application/json; version=2; q=abc")).isNull();
    assertThat(version("application; version=1, application/json; version=2")).isEqualTo("2");
    assertThat(version("application/json; version=\"1, application/json; version=2")).isNull();
    assertThat(version("application/json; version, application/json; version=2")).isEqualTo("2");
    assertThat(version("")).isNull();
    assertThat(version(null)).isNull();
    assertThat(version(",,")).isNull();
  }

  @Test
  void aTypeRestrictsWhichRangesCount() {
    String accept = "application/json; version=1, application/vnd.shop+json; version=2; q=0.8";
    assertThat(AcceptHeader.preferredParameter(accept, "application/vnd.shop+json", "version")).isEqualTo("2");
    assertThat(AcceptHeader.preferredParameter(accept, "application/json", "version")).isEqualTo("1");
    assertThat(AcceptHeader.preferredParameter(accept, "application/js", "version")).isNull();
  }

  @Test
  void anotherParameterWithTheSamePrefixIsNotIt() {
    assertThat(version("application/json; versions=2; ver=3")).isNull();
    assertThat(AcceptHeader.preferredParameter("application/json; v=2", null, "v")).isEqualTo("2");
  }
}
