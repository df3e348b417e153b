import { useEffect, useState } from 'react';
import {
  SIGN_IN_OUTCOMES,
  SignInProvidersSchema,
  type SignInOutcome,
  type SignInProviders,
} from '../../../lesson-plans/contract/ent';
import { OUTCOME_TEXT, SIGN_IN_TEXT, type Bilingual } from './messages';

function Both({ text }: { text: Bilingual }) {
  return (
    <>
      <span lang="fr">{text.fr}</span>
      <br />
      <span lang="en" className="signin-en">
        {text.en}
      </span>
    </>
  );
}

function outcomeFrom(hash: string): SignInOutcome | undefined {
  const error = new URLSearchParams(hash.slice(1)).get('error');
  return SIGN_IN_OUTCOMES.find((outcome) => outcome === error);
}

/** `/connexion`: one button per ENT the town configured; a failed sign-in comes back here. */
export function SignInPage() {
  const [outcome] = useState(() => outcomeFrom(window.location.hash));
  const [providers, setProviders] = useState<SignInProviders | null | undefined>(undefined);
  useEffect(() => {
    fetch('/signin/providers')
      .then(async (response) =>
        response.ok ? SignInProvidersSchema.parse(await response.json()) : null,
      )
      .then(setProviders, () => setProviders(null));
  }, []);
  return (
    <main className="screen signin" lang="fr">
      <h1>
        <Both text={SIGN_IN_TEXT.title} />
      </h1>
      {outcome && (
        <p role="alert">
          <Both text={OUTCOME_TEXT[outcome]} />
        </p>
      )}
      {providers === null && (
        <p>
          <Both text={SIGN_IN_TEXT.none} />
        </p>
      )}
      {providers && (
        <>
          <p>
            <Both text={SIGN_IN_TEXT.intro} />
          </p>
          <ul className="signin-providers">
            {providers.providers.map((provider) => (
              <li key={provider.id}>
                {/* A full navigation: the ENT's login page takes over the window. */}
                <a
                  className="signin-button"
                  href={`/signin/${encodeURIComponent(provider.id)}/start`}
                >
                  {SIGN_IN_TEXT.button.fr} {provider.label}
                  <span lang="en" className="signin-en">
                    {' '}
                    / {SIGN_IN_TEXT.button.en} {provider.label}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
