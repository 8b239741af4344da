package dev.portico.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-socket HTTP/1.1 server that keeps every byte it receives and frames requests the way
 * a simple, strict backend would: head up to the blank line, then a chunked body if the last
 * {@code Transfer-Encoding} is {@code chunked}, else {@code Content-Length} bytes. Whatever a
 * proxy lets through on a connection shows up here as one more request (or as garbage), which
 * is what request smuggling tests need to see. It answers each request with {@code 200 ok} and
 * keeps the connection open.
 */
public final class RawUpstream implements AutoCloseable {
  /** One request as this server framed it: the head as text and the body bytes. */
  public record Request(String head, byte[] body) {
    public String requestLine() {
      int end = head.indexOf("\r\n");
      return end < 0 ? head : head.substring(0, end);
    }
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private volatile boolean closed;

  private RawUpstream(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptLoop, "raw-upstream-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  public static RawUpstream start() throws IOException {
    RawUpstream upstream = new RawUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    upstream.acceptor.start();
    return upstream;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Every request framed so far, on all connections, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Every byte received on all connections, as ISO-8859-1 text. */
  public String received() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** Forgets what was received so far, for a test that shares the server with others. */
  public void clear() {
    requests.clear();
    synchronized (bytes) {
      bytes.reset();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        sockets.add(socket);
        Thread reader = new Thread(() -> serve(socket), "raw-upstream-conn");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new Recording(new BufferedInputStream(socket.getInputStream()));
      OutputStream out = socket.getOutputStream();
      while (true) {
        String head = head(in);
        if (head == null) {
          return;
        }
        byte[] body = body(in, head);
        requests.add(new Request(head, body));
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // connection closed, or a framing this server cannot parse: what arrived is recorded
    }
  }

  /** The head without its final blank line, or null at the end of the stream. */
  private static String head(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      String line = line(in);
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (sb.length() == 0) {
          continue; // tolerate stray CRLF between requests, as servers do
        }
        return sb.toString();
      }
      sb.append(line).append("\r\n");
    }
  }

  private static byte[] body(InputStream in, String head) throws IOException {
    String te = null;
    String cl = null;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("transfer-encoding")) {
        te = value;
      } else if (name.equals("content-length")) {
        cl = value;
      }
    }
    if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while (!line(in).isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    }
    return cl == null ? new byte[0] : in.readNBytes(Integer.parseInt(cl));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        return sb.length() == 0 ? null : sb.toString();
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }

  /** Copies every byte read into the shared record. */
  private final class Recording extends InputStream {
    private final InputStream in;

    Recording(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        synchronized (bytes) {
          bytes.write(c);
        }
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        synchronized (bytes) {
          bytes.write(b, off, n);
        }
      }
      return n;
    }
  }
}
