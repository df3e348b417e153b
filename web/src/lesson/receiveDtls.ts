/**
 * `receiveDtls` (protocol 8): the page makes its recv RTCPeerConnection's certificate before
 * joining and sends its fingerprint with the join, so that the server connects the recv
 * transport within the join and ICE and DTLS start without a connectTransport round trip.
 * Used by the connect-only path's early join and by the lesson client's own join alike; free
 * of zod and mediasoup-client (the connect-only chunk imports it).
 */

/** The certificate, ECDSA P-256 as Chromium makes by default; null where it cannot be made. */
export function makeReceiveCertificate(): Promise<RTCCertificate | null> {
  if (typeof RTCPeerConnection === 'undefined') return Promise.resolve(null);
  const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' };
  return RTCPeerConnection.generateCertificate(ecdsa).catch(() => null);
}

/**
 * The join's `receiveDtls` for `certificate`: role `client`, as mediasoup-client's recv
 * transport takes. Chromium's getFingerprints() gives lower-case hex; the server upper-cases it
 * for mediasoup's worker (signaling/handlers.ts), the one place that must.
 */
export function receiveDtlsOf(certificate: RTCCertificate) {
  return { role: 'client' as const, fingerprints: certificate.getFingerprints() };
}
