// Mints an RS256 key pair and one long-lived token for bench/jwt.sh. JDK only, run as a single-file program:
//   java bench/MintJwt.java OUT_DIR ISSUER AUDIENCE
// writes OUT_DIR/public.pem (the key Portico verifies with) and OUT_DIR/token.txt.
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

public class MintJwt {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    String issuer = args[1];
    String audience = args[2];
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair pair = gen.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    long now = System.currentTimeMillis() / 1000;
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}";
    String payload = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"bench-user\","
        + "\"scope\":\"bench:read profile\",\"jti\":\"bench-" + now + "\",\"iat\":" + now
        + ",\"exp\":" + (now + 86400) + "}";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    String token = signingInput + "." + b64.encodeToString(rsa.sign());
    Files.writeString(out.resolve("public.pem"), pem);
    Files.writeString(out.resolve("token.txt"), token);
  }
}
