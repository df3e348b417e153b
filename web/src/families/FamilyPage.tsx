import { useEffect, useMemo, useState } from 'react';
import { ApiError, createFamilyApi, frenchDay, type FamilyRecaps } from './familyApi';
import { RecapArticle } from './RecapArticle';
import './families.css';

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; data: FamilyRecaps }
  | { state: 'refused'; message: string };

const NO_KEY =
  "Ce lien est incomplet. Ouvrez le lien complet transmis par l'école (il se termine par « #cle=… »).";

/**
 * The families' page, /familles/<class>#cle=<family key>: the class's published recaps,
 * newest first, in French with the English words as taught. The key never leaves the
 * fragment except in the Authorization header of this page's own requests.
 */
export function FamilyPage({ familyKey }: { familyKey: string | null }) {
  const api = useMemo(() => (familyKey ? createFamilyApi(familyKey) : null), [familyKey]);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    document.documentElement.lang = 'fr';
    if (!api) return;
    api.call('familyRecaps').then(
      (data) => setLoaded({ state: 'ready', data }),
      (error: unknown) =>
        setLoaded({
          state: 'refused',
          message:
            error instanceof ApiError && error.code === 'unauthenticated'
              ? error.message
              : "La page n'a pas pu être chargée. Réessayez plus tard.",
        }),
    );
  }, [api]);
  return (
    <main className="family-page">
      {!api ? (
        <p role="alert">{NO_KEY}</p>
      ) : loaded.state === 'loading' ? (
        <p role="status">Chargement…</p>
      ) : loaded.state === 'refused' ? (
        <p role="alert">{loaded.message}</p>
      ) : (
        <Recaps api={api} data={loaded.data} />
      )}
    </main>
  );
}

function Recaps({ api, data }: { api: ReturnType<typeof createFamilyApi>; data: FamilyRecaps }) {
  return (
    <>
      <header className="family-header">
        <h1>Anglais en {data.className} : ce que nous avons appris</h1>
        <p>
          {data.schoolName} — {data.termName}. Les mots en anglais sont écrits comme en classe.
        </p>
        <div className="family-actions">
          <button type="button" onClick={() => window.print()}>
            Imprimer
          </button>
          <a href={data.feedUrl}>S'abonner (flux Atom)</a>
        </div>
        <p className="family-validity">Ce lien est valable jusqu'au {frenchDay(data.expiresAt)}.</p>
      </header>
      {data.recaps.length === 0 ? (
        <p>Aucun compte rendu n'a encore été publié pour cette période.</p>
      ) : (
        data.recaps.map((recap) => <RecapArticle key={recap.id} api={api} recap={recap} />)
      )}
    </>
  );
}
