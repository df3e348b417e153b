import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../signaling';

const CERT = '/etc/passerelle/tls/server.crt';
const KEY = '/etc/passerelle/tls/server.key';

describe('TLS configuration', () => {
  it('is plain HTTP with neither TLS variable, as npm start on localhost', () => {
    const config = loadConfig({});
    expect(config.TLS_CERT_FILE).toBeUndefined();
    expect(config.TLS_KEY_FILE).toBeUndefined();
  });

  it('takes a certificate and its key together', () => {
    const config = loadConfig({ TLS_CERT_FILE: CERT, TLS_KEY_FILE: KEY, HTTP_REDIRECT_PORT: '80' });
    expect(config).toMatchObject({
      TLS_CERT_FILE: CERT,
      TLS_KEY_FILE: KEY,
      HTTP_REDIRECT_PORT: 80,
    });
  });

  it('refuses a certificate without its key, naming the missing variable', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: CERT })).toThrow(
      /TLS_KEY_FILE: TLS_CERT_FILE and TLS_KEY_FILE go together/,
    );
  });

  it('refuses a key without its certificate, naming the missing variable', () => {
    expect(() => loadConfig({ TLS_KEY_FILE: KEY })).toThrow(
      /TLS_CERT_FILE: TLS_CERT_FILE and TLS_KEY_FILE go together/,
    );
  });

  it('refuses an empty TLS variable rather than reading it as unset', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '', TLS_KEY_FILE: KEY })).toThrow(/TLS_CERT_FILE/);
  });

  it('refuses HTTP_REDIRECT_PORT without TLS: there would be nothing to redirect to', () => {
    expect(() => loadConfig({ HTTP_REDIRECT_PORT: '80' })).toThrow(/HTTP_REDIRECT_PORT/);
  });
});
