package dev.portico.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

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
}
