package dev.portico.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {
  @Test
  void mapsTransportFailuresToStableCodes() {
    assertThat(ProblemMapper.map(new ConnectException("Connection refused: /10.1.2.3:80")).code())
        .isEqualTo(ErrorCode.UPSTREAM_CONNECT);
    assertThat(ProblemMapper.map(new TimeoutException("x")).code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
    assertThat(ProblemMapper.map(new java.io.IOException("reset")).code()).isEqualTo(ErrorCode.UPSTREAM_RESET);
  }

  @Test
  void upstreamTlsFailure_evenWrapped_isUpstreamTlsWithoutItsReason() {
    var handshake = new javax.net.ssl.SSLHandshakeException("No subject alternative names matching backend.internal");
    GatewayException direct = ProblemMapper.map(handshake);
    GatewayException wrapped = ProblemMapper.map(new io.netty.handler.codec.DecoderException(handshake));

    assertThat(direct.code()).isEqualTo(ErrorCode.UPSTREAM_TLS);
    assertThat(wrapped.code()).isEqualTo(ErrorCode.UPSTREAM_TLS);
    assertThat(direct.code().status()).isEqualTo(502);
    assertThat(direct.detail()).doesNotContain("backend.internal");
  }

  @Test
  void unknownFailureIs500WithoutItsMessage() {
    GatewayException mapped = ProblemMapper.map(new IllegalStateException("secret internal detail"));
    assertThat(mapped.code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(mapped.detail()).doesNotContain("secret");
  }

  @Test
  void upstreamAddressNeverReachesTheDetail() {
    assertThat(ProblemMapper.map(new ConnectException("Connection refused: /10.1.2.3:80")).detail())
        .doesNotContain("10.1.2.3");
  }

  @Test
  void problemBodyHasRfc9457MembersAndOurExtensions() {
    JsonObject json = new JsonObject(new Problem(ErrorCode.NO_ROUTE, "No route.", "/x", "rid").toJson());
    assertThat(json.getString("type")).endsWith("/no_route");
    assertThat(json.getString("title")).isEqualTo("Not Found");
    assertThat(json.getInteger("status")).isEqualTo(404);
    assertThat(json.getString("detail")).isEqualTo("No route.");
    assertThat(json.getString("instance")).isEqualTo("/x");
    assertThat(json.getString("code")).isEqualTo("no_route");
    assertThat(json.getString("requestId")).isEqualTo("rid");
  }
}
