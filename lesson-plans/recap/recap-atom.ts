import { Feed } from 'feed';
import type { PublishedRecap } from '../contract/recap';
import { frenchDate } from './french';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const list = (title: string, items: readonly string[]) =>
  items.length === 0
    ? ''
    : `<h3>${title}</h3><ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;

/** One recap as HTML for a feed reader: its text only, no picture (they need the family key). */
function recapHtml(recap: PublishedRecap): string {
  const { content } = recap;
  const words = content.vocabulary.map((word) =>
    word.translation ? `${word.word} (${word.translation})` : word.word,
  );
  return [
    list('Objectifs', content.objectives),
    list('Les mots en anglais', words),
    list('Activités et chansons', content.activities),
    list(
      'Supports utilisés',
      content.materials.map((material) => material.name),
    ),
    content.homeActivity
      ? `<h3>À faire à la maison</h3><p>${escapeHtml(content.homeActivity)}</p>`
      : '',
  ].join('');
}

/**
 * The class's recaps as Atom. Every link points at the family page without its key: a
 * feed reader (or whoever it is shared with) gets the text, and the page asks for the key.
 */
export function buildRecapAtom(input: {
  classId: string;
  className: string;
  pageUrl: string;
  feedUrl: string;
  recaps: readonly PublishedRecap[];
}): string {
  const updated = input.recaps.reduce(
    (latest, recap) => (recap.publishedAt > latest ? recap.publishedAt : latest),
    '1970-01-01T00:00:00.000Z',
  );
  const feed = new Feed({
    id: `urn:passerelle:family-recaps:${input.classId}`,
    title: `Anglais – ${input.className} : ce que nous avons appris`,
    description: 'Les comptes rendus des séances d’anglais, pour les familles',
    link: input.pageUrl,
    language: 'fr',
    updated: new Date(updated),
    generator: false,
    copyright: 'Passerelle',
    feedLinks: { atom: input.feedUrl },
  });
  for (const recap of input.recaps) {
    feed.addItem({
      id: `urn:passerelle:recap:${recap.id}`,
      title: `Séance du ${frenchDate(recap.content.lessonDate)}`,
      link: `${input.pageUrl}#seance-${encodeURIComponent(recap.sessionId)}`,
      date: new Date(recap.publishedAt),
      published: new Date(recap.publishedAt),
      content: recapHtml(recap),
      author: [{ name: recap.publishedBy.role === 'tutor' ? 'Intervenant·e' : 'Enseignant·e' }],
    });
  }
  return feed.atom1();
}
