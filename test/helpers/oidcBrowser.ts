/**
 * What a browser does during a sign-in, at the HTTP level: it follows redirects one by
 * one (so the test sees each hop), keeps cookies per host (name=value; path is ignored,
 * which only makes this jar more generous than a browser) and posts forms.
 */
export class HttpBrowser {
  readonly #jar = new Map<string, Map<string, string>>();

  cookies(host: string): Map<string, string> {
    let cookies = this.#jar.get(host);
    if (!cookies) this.#jar.set(host, (cookies = new Map()));
    return cookies;
  }

  forget(host: string, name: string): void {
    this.cookies(host).delete(name);
  }

  /** One request, no redirect followed; cookies stored from the answer. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = [...this.cookies(target.host)].map(([name, value]) => `${name}=${value}`);
    const headers = new Headers(init.headers);
    if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.#store(target.host, line);
    return response;
  }

  /**
   * Follows redirects from `url` until an answer that is not one, or until `stopAt` says
   * a location is where the test takes over (the ENT's login form, the planning page).
   */
  async follow(url: string, stopAt: (location: URL) => boolean = () => false) {
    let current = new URL(url);
    for (let hop = 0; hop < 20; hop += 1) {
      if (stopAt(current)) return { url: current, response: undefined };
      const response = await this.request(current.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { url: current, response };
      await response.body?.cancel();
      current = new URL(location, current);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Posts a urlencoded form and returns the redirect's target (forms here always redirect). */
  async submit(url: string, fields: Record<string, string>): Promise<URL> {
    const response = await this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (!location) throw new Error(`${url} answered ${response.status} without a redirect`);
    return new URL(location, url);
  }

  #store(host: string, line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    const expired = attributes.some((attribute) =>
      /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute),
    );
    if (expired || value === '') this.cookies(host).delete(name);
    else this.cookies(host).set(name, value);
  }
}
