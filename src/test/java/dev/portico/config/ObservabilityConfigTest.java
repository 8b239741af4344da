package dev.portico.config;

import static dev.portico.config.ConfigErrorsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.observe.AccessLogField;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code tracing} and {@code accessLog} sections: values, defaults and exact error messages. */
class ObservabilityConfigTest {

  private static GatewayConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.parse(yaml, "portico.yaml", env::get);
  }

  @Test
  void tracingAbsent_isOff() throws Exception {
    assertThat(parse("listen: { port: 8080 }", Map.of()).tracing()).isNull();
  }

  @Test
  void tracing_bindsEveryKey_withEnvSubstitutionInHeaders() throws Exception {
    TracingConfig tracing = parse("""
        tracing:
          sampling: 10%
          otlp: { endpoint: http://collector:4318/v1/traces, timeout: 500ms, headers: { x-token: "${OTLP_TOKEN}" } }
          serviceName: edge
        """, Map.of("OTLP_TOKEN", "s3cret")).tracing();

    assertThat(tracing.sampling()).isEqualTo(0.1);
    assertThat(tracing.endpoint()).isEqualTo(URI.create("http://collector:4318/v1/traces"));
    assertThat(tracing.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(tracing.headers()).containsExactly(Map.entry("x-token", "s3cret"));
    assertThat(tracing.serviceName()).isEqualTo("edge");
    assertThat(tracing.toString()).doesNotContain("s3cret");
  }

  @Test
  void tracingEmpty_usesDefaults_andSamplingTakesARatioToo() throws Exception {
    TracingConfig tracing = parse("tracing: { sampling: 0.25 }", Map.of()).tracing();
    assertThat(tracing.sampling()).isEqualTo(0.25);
    assertThat(tracing.endpoint()).isEqualTo(TracingConfig.DEFAULT_ENDPOINT);
    assertThat(tracing.timeout()).isEqualTo(TracingConfig.DEFAULT_TIMEOUT);
    assertThat(tracing.serviceName()).isEqualTo("portico");
    assertThat(parse("tracing: {}", Map.of()).tracing().sampling()).isEqualTo(TracingConfig.DEFAULT_SAMPLING);
  }

  @Test
  void tracingErrors_nameLineColumnKeyAndExpectation() {
    assertThat(errors("""
        tracing:
          sampling: 150%
          otlp: { endpoint: "ftp://x/v1/traces", timeout: 0s, headers: { "bad header": v } }
          servicename: x
        """)).containsExactly(
        "portico.yaml:2:13: tracing.sampling: \"150%\" (expected: a share like 10% or 0.1 (0%-100%))",
        "portico.yaml:3:21: tracing.otlp.endpoint: \"ftp://x/v1/traces\" (expected: an http:// or https:// URL"
            + " of an OTLP/HTTP traces receiver)",
        "portico.yaml:3:51: tracing.otlp.timeout: \"0s\" (expected: a positive duration like 250ms, 2s, 1m)",
        "portico.yaml:3:66: tracing.otlp.headers.bad header: \"bad header\" (expected: a header name)",
        "portico.yaml:4:3: tracing.servicename: unknown key (did you mean \"serviceName\"?)");
  }

  @Test
  void accessLog_defaultsToEveryFieldAndEverySuccess() throws Exception {
    AccessLogConfig log = parse("listen: { port: 8080 }", Map.of()).accessLog();
    assertThat(log.orderedFields()).containsExactly(AccessLogField.values());
    assertThat(log.successSampling()).isEqualTo(1.0);
  }

  @Test
  void accessLog_bindsFieldsInLineOrderAndSuccessSampling() throws Exception {
    AccessLogConfig log = parse(
        "accessLog: { path: /var/log/p.log, fields: [status, traceId, time], sampling: { successes: 10% } }",
        Map.of()).accessLog();
    assertThat(log.orderedFields())
        .containsExactly(AccessLogField.TIME, AccessLogField.TRACE_ID, AccessLogField.STATUS);
    assertThat(log.successSampling()).isEqualTo(0.1);
  }

  @Test
  void accessLogErrors_unknownFieldSuggestsTheClosest() {
    assertThat(errors("accessLog: { fields: [time, traceID, durationMS, headers], sampling: { errors: 1% } }"))
        .containsExactly(
            "portico.yaml:1:29: accessLog.fields[1]: \"traceID\" is not a field (did you mean \"traceId\"?)",
            "portico.yaml:1:38: accessLog.fields[2]: \"durationMS\" is not a field (did you mean \"durationMs\"?)",
            "portico.yaml:1:50: accessLog.fields[3]: \"headers\" is not a field (expected one of: "
                + String.join(", ", AccessLogField.names()) + ")",
            "portico.yaml:1:72: accessLog.sampling.errors: unknown key (expected one of: successes)");
    assertThat(errors("accessLog: { fields: [] }"))
        .containsExactly("portico.yaml:1:22: accessLog.fields: empty list (expected: at least one of "
            + String.join(", ", AccessLogField.names()) + ")");
    assertThat(errors("accessLog: { sampling: { successes: -1% } }")).containsExactly(
        "portico.yaml:1:37: accessLog.sampling.successes: \"-1%\" (expected: a share like 10% or 0.1 (0%-100%))");
  }

  @Test
  void everyFieldName_isKnownToTheBinder() {
    assertThat(AccessLogField.names()).doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(ObservabilityBinder.field(name).key()).isEqualTo(name));
    assertThat(List.of(ObservabilityBinder.share("0%"), ObservabilityBinder.share("100%"),
        ObservabilityBinder.share("0.5"), ObservabilityBinder.share("1"))).containsExactly(0.0, 1.0, 0.5, 1.0);
  }
}
