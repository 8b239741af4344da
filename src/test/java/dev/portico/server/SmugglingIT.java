package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portico.testing.RawHttp;
import dev.portico.testing.RawUpstream;
import dev.portico.testing.TestGateway;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling on raw sockets: each request is framed ambiguously, with a second request
 * hidden where one parser would see body and another a new request. The upstream is a plain
 * socket server that frames requests strictly and records every byte, so anything the gateway
 * lets through shows up there. Each attack must either be refused with 400 and its connection
 * closed, or be normalised so that the upstream sees exactly that one request; after it, a probe
 * request on the same connection must reach the upstream intact as the next request.
 */
class SmugglingIT {
  static final String SMUGGLED = "GET /api/smuggled HTTP/1.1\r\nHost: gw\r\n\r\n";
  static final String PROBE = "GET /api/probe HTTP/1.1\r\nHost: gw\r\n\r\n";

  static RawUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    upstream = RawUpstream.start();
    gateway = TestGateway.start("""
        upstreams:
          raw: { targets: [%s] }
        routes:
          - { id: api, match: { path: /api/** }, upstream: raw }
        """.formatted(upstream.url()));
  }

  @AfterAll
  static void stop() throws IOException {
    gateway.close();
    upstream.close();
  }

  @BeforeEach
  void forget() {
    upstream.clear();
  }

  static Stream<Arguments> attacks() {
    String chunkedSmuggle = Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n";
    String endThenSmuggle = "0\r\n\r\n" + SMUGGLED;
    return Stream.of(
        attack("CL.TE: Content-Length covers a hidden request after the last chunk",
            "Content-Length: " + endThenSmuggle.length() + "\r\nTransfer-Encoding: chunked\r\n", endThenSmuggle),
        attack("TE.CL: a short Content-Length, the hidden request inside a chunk",
            "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: xchunked",
            "Transfer-Encoding: xchunked\r\nContent-Length: " + endThenSmuggle.length() + "\r\n", endThenSmuggle),
        attack("TE.TE: xchunked without Content-Length", "Transfer-Encoding: xchunked\r\n", endThenSmuggle),
        attack("TE.TE: leading space in the value",
            "Transfer-Encoding:  chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: tab as the separator", "Transfer-Encoding:\tchunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: chunked, identity",
            "Transfer-Encoding: chunked, identity\r\nContent-Length: " + endThenSmuggle.length() + "\r\n",
            endThenSmuggle),
        attack("TE.TE: chunked, identity without Content-Length",
            "Transfer-Encoding: chunked, identity\r\n", endThenSmuggle),
        attack("TE.TE: identity, chunked with Content-Length",
            "Transfer-Encoding: identity, chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: Transfer-Encoding twice",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: Transfer-Encoding twice, chunked last",
            "Transfer-Encoding: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: space before the colon",
            "Transfer-Encoding : chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: tab before the colon",
            "Transfer-Encoding\t: chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: upper-case CHUNKED",
            "Transfer-Encoding: CHUNKED\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: obs-fold continuation line",
            "Transfer-Encoding: x\r\n chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: bare LF before Transfer-Encoding",
            "X-Pad: 1\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("TE.TE: vertical tab before chunked",
            "Transfer-Encoding: \u000bchunked\r\nContent-Length: 4\r\n", chunkedSmuggle),
        attack("duplicate Content-Length, same value",
            "Content-Length: " + SMUGGLED.length() + "\r\nContent-Length: " + SMUGGLED.length() + "\r\n", SMUGGLED),
        attack("duplicate Content-Length, different values",
            "Content-Length: 0\r\nContent-Length: " + SMUGGLED.length() + "\r\n", SMUGGLED),
        attack("Content-Length as a list", "Content-Length: 0, " + SMUGGLED.length() + "\r\n", SMUGGLED),
        attack("Content-Length with a plus sign", "Content-Length: +" + SMUGGLED.length() + "\r\n", SMUGGLED),
        attack("Content-Length with leading zeros", "Content-Length: 00" + SMUGGLED.length() + "\r\n", SMUGGLED),
        attack("negative Content-Length", "Content-Length: -1\r\n", SMUGGLED),
        attack("Content-Length in hex", "Content-Length: 0x" + Integer.toHexString(SMUGGLED.length()) + "\r\n",
            SMUGGLED),
        attack("chunk size with a 0x prefix", "Transfer-Encoding: chunked\r\n",
            "0x" + Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n"),
        attack("chunk size that overflows", "Transfer-Encoding: chunked\r\n",
            "10000000000000000" + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n"),
        raw("\\n-only line endings with both framings",
            ("POST /api/attack HTTP/1.1\nHost: gw\nContent-Length: " + endThenSmuggle.length()
                + "\nTransfer-Encoding: chunked\n\n" + endThenSmuggle)),
        raw("\\n-only line endings, chunked",
            "POST /api/attack HTTP/1.1\nHost: gw\nTransfer-Encoding: chunked\n\n"
                + "5\nhello\n0\n\n"));
  }

  static Arguments attack(String name, String framingHeaders, String body) {
    return raw(name, "POST /api/attack HTTP/1.1\r\nHost: gw\r\n" + framingHeaders + "\r\n" + body);
  }

  static Arguments raw(String name, String bytes) {
    return Arguments.of(name, bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void theUpstreamNeverSeesASecondRequest(String name, String attack) throws IOException {
    try (RawHttp.Connection connection = RawHttp.connect(gateway.port(), 5000)) {
      RawHttp.Response first;
      try {
        first = connection.send(attack).read();
      } catch (IOException e) {
        // A body that turns out malformed after forwarding began: the gateway cuts both sides.
        assertThat(e).as("closed, not silent").isNotInstanceOf(SocketTimeoutException.class);
        assertNothingSmuggled(List.of());
        return;
      }
      if (first.status() == 400) {
        assertClosed(connection);
        assertNothingSmuggled(List.of());
        return;
      }
      assertThat(first.status()).as("normalised and forwarded once").isEqualTo(200);
      RawHttp.Response probe;
      try {
        probe = connection.send(PROBE).read();
      } catch (IOException e) {
        // Closed after the response (RFC 9112 section 6.1): the rest of the bytes were never
        // read as a request. A fresh connection's probe marks the end of what the upstream got.
        assertThat(e).as("closed, not silent").isNotInstanceOf(SocketTimeoutException.class);
        probe = RawHttp.connect(gateway.port(), 5000).send(PROBE).read();
      }
      assertThat(probe.status()).isEqualTo(200);
      assertNothingSmuggled(List.of("POST /api/attack HTTP/1.1", "GET /api/probe HTTP/1.1"));
    }
  }

  /** The upstream framed exactly {@code expected}, and the hidden request's bytes never arrived. */
  static void assertNothingSmuggled(List<String> expected) {
    assertThat(upstream.requests()).extracting(RawUpstream.Request::requestLine)
        .containsExactlyElementsOf(expected);
    if (expected.isEmpty()) {
      assertThat(upstream.received()).doesNotContain("smuggled");
    }
  }

  /** A closed connection answers a probe with end-of-stream or a reset, never with silence. */
  static void assertClosed(RawHttp.Connection connection) {
    Throwable probe = catchThrowable(() -> connection.send(PROBE).read());
    assertThat(probe).as("connection closed").isInstanceOf(IOException.class)
        .isNotInstanceOf(SocketTimeoutException.class);
  }
}
