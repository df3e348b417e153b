import type { FamilyApi, PublishedRecap } from './familyApi';
import { frenchDay } from './familyApi';
import { useMaterialUrl } from './useMaterialUrl';

type Content = PublishedRecap['content'];

function Picture({ api, id, alt }: { api: FamilyApi; id: string | null; alt: string }) {
  const url = useMaterialUrl(api, id);
  return url ? <img className="family-picture" src={url} alt={alt} /> : null;
}

function Recording({ api, id, label }: { api: FamilyApi; id: string | null; label: string }) {
  const url = useMaterialUrl(api, id);
  return url ? <audio className="family-audio" controls src={url} aria-label={label} /> : null;
}

function Words({ api, content }: { api: FamilyApi; content: Content }) {
  if (content.vocabulary.length === 0) return null;
  return (
    <section>
      <h3>Les mots en anglais</h3>
      <ul className="family-words">
        {content.vocabulary.map((item) => (
          <li key={item.word}>
            <Picture api={api} id={item.pictureId} alt={`Image : ${item.word}`} />
            <span lang="en" className="family-word">
              {item.word}
            </span>
            {item.translation && <span className="family-translation"> — {item.translation}</span>}
            <Recording api={api} id={item.audioId} label={`Écouter « ${item.word} »`} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Materials not already shown beside a word: songs, other pictures. */
function Materials({ api, content }: { api: FamilyApi; content: Content }) {
  const beside = new Set(content.vocabulary.flatMap((item) => [item.pictureId, item.audioId]));
  const others = content.materials.filter((material) => !beside.has(material.id));
  if (others.length === 0) return null;
  return (
    <section>
      <h3>Chansons et supports utilisés</h3>
      <ul className="family-materials">
        {others.map((material) => (
          <li key={material.id}>
            <span lang="en">{material.name}</span>
            {material.kind === 'audio' ? (
              <Recording api={api} id={material.id} label={`Écouter « ${material.name} »`} />
            ) : (
              <Picture api={api} id={material.id} alt={material.name} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function TextList({ title, items, lang }: { title: string; items: string[]; lang?: string }) {
  if (items.length === 0) return null;
  return (
    <section>
      <h3>{title}</h3>
      <ul>
        {items.map((item) => (
          <li key={item} lang={lang}>
            {item}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One lesson's recap, as the families read (and print) it. */
export function RecapArticle({ api, recap }: { api: FamilyApi; recap: PublishedRecap }) {
  const { content } = recap;
  const headingId = `titre-${recap.id}`;
  return (
    <article className="family-recap" id={`seance-${recap.sessionId}`} aria-labelledby={headingId}>
      <h2 id={headingId}>Séance du {frenchDay(content.lessonDate)}</h2>
      <TextList title="Ce que nous avons appris à dire" items={content.objectives} lang="en" />
      <Words api={api} content={content} />
      <TextList title="Activités et chansons" items={content.activities} lang="en" />
      <Materials api={api} content={content} />
      {content.homeActivity && (
        <section className="family-home">
          <h3>À faire à la maison</h3>
          <p>{content.homeActivity}</p>
        </section>
      )}
      <p className="family-published">
        Publié le {frenchDay(recap.publishedAt)} par{' '}
        {recap.publishedBy.role === 'tutor' ? "l'intervenant·e d'anglais" : "l'enseignant·e"}.
      </p>
    </article>
  );
}
