package dev.portico.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Sends exact bytes over a real socket and reads what comes back, for tests of framing. */
public final class RawHttp {
  private RawHttp() {}

  /** Writes the request and reads until the server closes or {@code timeoutMillis} of silence. */
  public static String exchange(int port, String request, int timeoutMillis) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), timeoutMillis);
  }

  public static String exchange(int port, byte[] request, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMillis);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      return readAll(socket.getInputStream());
    }
  }

  static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // silence or reset: return what arrived
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** The status code of the first response in {@code raw}, or -1. */
  public static int status(String raw) {
    if (!raw.startsWith("HTTP/1.")) {
      return -1;
    }
    return Integer.parseInt(raw.substring(9, 12));
  }

  /** Opens a connection for several exchanges, read one response at a time. */
  public static Connection connect(int port, int timeoutMillis) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(timeoutMillis);
    return new Connection(socket);
  }

  /**
   * One parsed response. Header names are lower-cased; a header sent several times keeps every
   * value in order.
   */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A kept-alive client connection that frames responses by Content-Length or chunking. */
  public static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
    }

    public Connection send(String text) throws IOException {
      return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Connection send(byte[] bytes) throws IOException {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    }

    /** Reads one response; interim (1xx) responses are returned on their own. */
    public Response read() throws IOException {
      return read(false);
    }

    /** Reads one response to a HEAD request: headers only, whatever Content-Length says. */
    public Response readHead() throws IOException {
      return read(true);
    }

    private Response read(boolean head) throws IOException {
      String statusLine = line();
      if (!statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not a status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String line = line(); !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(line.substring(colon + 1).trim());
      }
      byte[] body;
      List<String> length = headers.get("content-length");
      List<String> encoding = headers.get("transfer-encoding");
      if (head || status < 200 || status == 204 || status == 304) {
        body = new byte[0];
      } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
        body = chunked();
      } else if (length != null) {
        body = in.readNBytes(Integer.parseInt(length.get(0)));
      } else {
        body = in.readAllBytes();
      }
      return new Response(status, headers, body);
    }

    private byte[] chunked() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = line();
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt(semicolon < 0 ? sizeLine.trim() : sizeLine.substring(0, semicolon).trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers are ignored
          }
          return out.toByteArray();
        }
        out.write(in.readNBytes(size));
        line();
      }
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new EOFException("connection closed after: " + sb);
        }
        if (c != '\r') {
          sb.append((char) c);
        }
      }
      return sb.toString();
    }

    /** Reads whatever arrives until the server closes, or the socket timeout. */
    public String readRest() throws IOException {
      return readAll(in);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
