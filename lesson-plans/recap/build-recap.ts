import type { LessonPlan, Material } from '../domain/lesson-plan';
import type { LessonSession } from '../domain/model';
import type { RecapContent, RecapMaterial } from '../contract/recap';

/** What families may see of a material: pictures, flashcards and recordings of the plan. */
const FAMILY_KINDS = new Set<string>(['image', 'flashcard', 'audio']);

const isFamilyMaterial = (
  material: Material,
): material is Material & { kind: RecapMaterial['kind'] } => FAMILY_KINDS.has(material.kind);

/** "Cat (flashcard).png" → " cat flashcard png ", so a word matches whole words only. */
const words = (text: string) =>
  ` ${text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;

function namedAfter(word: string, materials: readonly RecapMaterial[], audio: boolean) {
  const wanted = words(word);
  if (wanted.trim() === '') return null;
  const match = materials.find(
    (material) => (material.kind === 'audio') === audio && words(material.name).includes(wanted),
  );
  return match?.id ?? null;
}

/**
 * A recap is built from the lesson's plan and nothing else: the plan's objectives, its
 * words (with the plan's picture and recording named after each word), its activities'
 * titles, its pictures and recordings, and the home activity the publisher wrote. The
 * board, pushed pictures, chat and attendance live elsewhere and are never read here.
 * Documents (PDF) stay out: worksheets with their answers are the tutor's.
 */
export function buildRecapContent(input: {
  session: Pick<LessonSession, 'startsAt'>;
  plan: Pick<LessonPlan, 'objectives' | 'vocabulary' | 'activities' | 'materialIds'>;
  /** The plan's materials, looked up by the caller. */
  materials: readonly Material[];
  homeActivity: string;
}): RecapContent {
  const { plan } = input;
  const referenced = new Set(plan.materialIds);
  const materials: RecapMaterial[] = input.materials
    .filter((material) => referenced.has(material.id))
    .filter(isFamilyMaterial)
    .map(({ id, name, kind, mimeType }) => ({ id, name, kind, mimeType }));
  return {
    lessonDate: input.session.startsAt,
    objectives: [...plan.objectives],
    vocabulary: plan.vocabulary.map(({ word, translation }) => ({
      word,
      translation,
      pictureId: namedAfter(word, materials, false),
      audioId: namedAfter(word, materials, true),
    })),
    activities: plan.activities.map((activity) => activity.title),
    materials,
    homeActivity: input.homeActivity.trim(),
  };
}

/** The material ids a recap shows: what a family key may download. */
export function recapMaterialIds(content: RecapContent): Set<string> {
  const ids = new Set(content.materials.map((material) => material.id));
  for (const word of content.vocabulary) {
    if (word.pictureId) ids.add(word.pictureId);
    if (word.audioId) ids.add(word.audioId);
  }
  return ids;
}
