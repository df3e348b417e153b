/*
 * The lesson views' window on lesson-plans/ (the REST API under
 * /api/planning), authenticated with the page's own session token.
 */

export interface PlanActivity {
  title: string;
  minutes: number;
  description: string;
}

export interface PlanMaterial {
  id: string;
  name: string;
  kind: 'image' | 'flashcard' | 'audio' | 'document';
  mimeType: string;
}

export interface LessonPlanView {
  objectives: string[];
  vocabulary: { word: string; translation: string }[];
  activities: PlanActivity[];
  materialIds: string[];
  handoverNote: string | null;
  version: number;
}

export interface PlanClient {
  loadPlan(): Promise<LessonPlanView | null>;
  /** The materials this lesson's plan references. */
  loadMaterials(): Promise<PlanMaterial[]>;
  /** A `blob:` URL of one of this lesson's materials, fetched with the token in a header. */
  loadMaterialContent(materialId: string): Promise<string>;
  saveHandoverNote(note: string, expectedVersion: number): Promise<void>;
  openInspection(): Promise<string>;
  addObservationNote(inspectionId: string, text: string, at: string): Promise<void>;
}

export class PlanApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** `subject` is the token's `sub`: the inspector's or tutor's id in lesson-plans. */
export function createPlanClient(
  sessionId: string,
  token: string,
  subject: string,
  base = '/api/planning',
): PlanClient {
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } } & T;
    if (!response.ok)
      throw new PlanApiError(response.status, body.error?.message ?? response.statusText);
    return body;
  };
  const session = encodeURIComponent(sessionId);
  const contents = new Map<string, Promise<string>>();
  const fetchContent = async (materialId: string) => {
    const path = `${base}/sessions/${session}/materials/${encodeURIComponent(materialId)}/content`;
    const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new PlanApiError(response.status, response.statusText);
    return URL.createObjectURL(await response.blob());
  };
  return {
    async loadPlan() {
      try {
        return (await call<{ plan: LessonPlanView }>(`/sessions/${session}/plan`)).plan;
      } catch (error) {
        // A lesson opened without a timetable entry (e.g. the demo) has no plan.
        if (error instanceof PlanApiError && error.status === 404) return null;
        throw error;
      }
    },
    async loadMaterials() {
      return (await call<{ materials: PlanMaterial[] }>(`/sessions/${session}/materials`))
        .materials;
    },
    loadMaterialContent(materialId) {
      // One fetch per material for the page's life: the board re-renders items often.
      let content = contents.get(materialId);
      if (!content) {
        content = fetchContent(materialId);
        contents.set(materialId, content);
        content.catch(() => contents.delete(materialId));
      }
      return content;
    },
    async saveHandoverNote(note, expectedVersion) {
      await call(`/sessions/${session}/plan`, {
        method: 'PUT',
        body: JSON.stringify({ handoverNote: note, expectedVersion }),
      });
    },
    async openInspection() {
      const query = `sessionId=${session}&inspectorId=${encodeURIComponent(subject)}`;
      const { inspections } = await call<{ inspections: { id: string }[] }>(
        `/inspections?${query}`,
      );
      const existing = inspections[0];
      if (existing) return existing.id;
      const { inspection } = await call<{ inspection: { id: string } }>('/inspections', {
        method: 'POST',
        body: JSON.stringify({ sessionId }),
      });
      return inspection.id;
    },
    async addObservationNote(inspectionId, text, at) {
      await call(`/inspections/${encodeURIComponent(inspectionId)}/notes`, {
        method: 'POST',
        body: JSON.stringify({ text, at }),
      });
    },
  };
}
