/*
 * What a lesson page does with its lesson's plan, through the contract client
 * (/api/planning) with the page's own session token.
 */
import { PLANNING_API } from '../../../lesson-plans/contract/planning';
import type { Activity, LessonPlan, Material } from '../../../lesson-plans/domain/lesson-plan';
import { ApiError, createApiClient } from '../api/client';

export type LessonPlanView = LessonPlan;
export type PlanMaterial = Material;
export type PlanActivity = Activity;

export interface PlanClient {
  loadPlan(): Promise<LessonPlanView | null>;
  /** The materials this lesson's plan references. */
  loadMaterials(): Promise<PlanMaterial[]>;
  /** One of this lesson's materials, fetched with the token in a header (never a URL). */
  loadMaterialContent(materialId: string): Promise<Blob>;
  saveHandoverNote(note: string, expectedVersion: number): Promise<void>;
  openInspection(): Promise<string>;
  addObservationNote(inspectionId: string, text: string, at: string): Promise<void>;
}

/** `subject` is the token's `sub`: the inspector's or tutor's id in lesson-plans. */
export function createPlanClient(sessionId: string, token: string, subject: string): PlanClient {
  const api = createApiClient(PLANNING_API, token);
  const params = { id: sessionId };
  // One fetch per material for the page's life: the board re-renders items often.
  const contents = new Map<string, Promise<Blob>>();
  return {
    async loadPlan() {
      try {
        return (await api.call('getPlan', { params })).plan;
      } catch (error) {
        // A lesson opened without a timetable entry (e.g. the demo) has no plan.
        if (error instanceof ApiError && error.code === 'not_found') return null;
        throw error;
      }
    },
    async loadMaterials() {
      return (await api.call('sessionMaterials', { params })).materials;
    },
    loadMaterialContent(materialId) {
      let content = contents.get(materialId);
      if (!content) {
        content = api.file('sessionMaterialContent', { params: { id: sessionId, materialId } });
        contents.set(materialId, content);
        content.catch(() => contents.delete(materialId));
      }
      return content;
    },
    async saveHandoverNote(note, expectedVersion) {
      await api.call('editPlan', { params, body: { handoverNote: note, expectedVersion } });
    },
    async openInspection() {
      const query = { sessionId, inspectorId: subject };
      const { inspections } = await api.call('listInspections', { query });
      const existing = inspections[0];
      if (existing) return existing.id;
      return (await api.call('createInspection', { body: { sessionId } })).inspection.id;
    },
    async addObservationNote(inspectionId, text, at) {
      await api.call('addInspectionNote', { params: { id: inspectionId }, body: { text, at } });
    },
  };
}
