import { useEffect, useRef, useState } from 'react';
import { SignInGrantSchema } from '../../../lesson-plans/contract/ent';
import { STORAGE_KEY } from '../planning/identity';
import { SIGN_IN_TEXT } from './messages';

/**
 * `/planning#code=…` after an ENT sign-in: the one-time code leaves the address bar at
 * once, is exchanged (POST, once) for the person's API token, which the planning page
 * then keeps for this tab only, as it does a `#token=` link.
 */
export function HandoffExchange({ code }: { code: string }) {
  const [failed, setFailed] = useState(false);
  // Once per page, even when development's StrictMode runs the effect twice: a code works once.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    history.replaceState(null, '', window.location.pathname);
    fetch('/signin/exchange', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const grant = SignInGrantSchema.parse(await response.json());
        window.sessionStorage.setItem(STORAGE_KEY, grant.token);
        window.location.replace('/planning');
      })
      .catch(() => setFailed(true));
  }, [code]);
  const text = failed ? SIGN_IN_TEXT.codeFailed : SIGN_IN_TEXT.exchanging;
  return (
    <main className="screen" lang="fr">
      <p role={failed ? 'alert' : 'status'}>
        {text.fr}
        <br />
        <span lang="en">{text.en}</span>
      </p>
      {failed && <a href="/connexion">{SIGN_IN_TEXT.title.fr}</a>}
    </main>
  );
}
