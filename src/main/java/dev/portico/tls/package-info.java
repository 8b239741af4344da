/**
 * What the listener and the upstream clients share about TLS: reading PEM certificates and keys
 * ({@link dev.portico.tls.PemFiles}), the protocol and cipher-suite policy
 * ({@link dev.portico.tls.TlsPolicy}) and the choice of TLS engine
 * ({@link dev.portico.tls.TlsEngine}: OpenSSL through Netty's BoringSSL when it loads, JDK TLS
 * otherwise).
 */
package dev.portico.tls;
