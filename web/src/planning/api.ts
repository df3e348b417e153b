/*
 * The planning screens' window on lesson-plans/ (REST under /api/planning).
 * Response shapes that lesson-plans/domain defines are imported as types only
 * (erased at build: its modules pull luxon and rrule, which the browser does
 * not need); the others are declared here.
 */
import type {
  LessonPlan,
  PlanContent,
  PlanHistoryEntry,
} from '../../../lesson-plans/domain/lesson-plan';
import type { AttendanceSummaryRow, QualitySummaryRow } from '../../../lesson-plans/domain/reports';
import type { Conflict } from '../../../lesson-plans/calendar/conflicts';

export type Role = 'coordinator' | 'tutor' | 'teacher' | 'inspector';
export type SessionState = 'scheduled' | 'live' | 'done' | 'cancelled' | 'moved';

export interface School {
  id: string;
  name: string;
  town: string;
  holidayZone: 'A' | 'B' | 'C';
}
export interface SchoolClass {
  id: string;
  schoolId: string;
  name: string;
  level: 'CE2' | 'CM1' | 'CM2';
  teacherId: string;
  teacherName: string;
}
export interface Tutor {
  id: string;
  name: string;
  timeZone: string;
}
export interface Term {
  id: string;
  schoolYearId: string;
  name: string;
  startDate: string;
  endDate: string;
}
export interface SchoolYear {
  id: string;
  startDate: string;
  endDate: string;
  terms: Term[];
}
export interface HolidayPeriod {
  zone: 'A' | 'B' | 'C';
  name: string;
  startDate: string;
  /** Exclusive: the day school resumes. */
  endDate: string;
}
export interface PublicHoliday {
  date: string;
  name: string;
}
export interface WeeklySlot {
  id: string;
  termId: string;
  tutorId: string;
  classIds: string[];
  weekday: number;
  startTime: string;
  durationMinutes: number;
  validFrom: string | null;
  validUntil: string | null;
}
export type NewWeeklySlot = Omit<WeeklySlot, 'id'>;
export interface ZonedTime {
  timeZone: string;
  date: string;
  time: string;
}
export interface LessonSession {
  id: string;
  slotId: string | null;
  tutorId: string;
  classIds: string[];
  startsAt: string;
  endsAt: string;
  state: SessionState;
  display: { start: ZonedTime; end: ZonedTime };
}
export type { Conflict, ConflictCode } from '../../../lesson-plans/calendar/conflicts';
export interface SlotCheck {
  ok: boolean;
  conflicts: Conflict[];
  lessons: number;
  skipped: { localDate: string }[];
}
export interface JoinLink {
  role: 'tutor' | 'classroom' | 'inspector';
  name: string;
  url: string;
}
// The API's JSON shapes, shared with the server as types only (nothing of lesson-plans is bundled).
export type {
  Activity,
  EditorRef,
  LessonPlan,
  PlanContent,
  PlanHistoryEntry,
} from '../../../lesson-plans/domain/lesson-plan';
export type MaterialKind = 'image' | 'flashcard' | 'audio' | 'document';
export interface Material {
  id: string;
  name: string;
  kind: MaterialKind;
  mimeType: string;
  sizeBytes: number;
}
export interface PlanTemplate {
  id: string;
  name: string;
  level: string | null;
}
export type CriterionLevel =
  'not_observed' | 'insufficient' | 'fragile' | 'satisfactory' | 'very_good';
export interface Inspection {
  id: string;
  sessionId: string;
  inspectorId: string;
  grades: Partial<Record<string, CriterionLevel>>;
  notes: { at: string; text: string }[];
  signedOffAt: string | null;
}
export type AttendanceRow = AttendanceSummaryRow;
export type QualityRow = QualitySummaryRow;
export interface SessionQuery {
  from: string;
  to: string;
  tutorId?: string;
  schoolId?: string;
  classId?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The conflicts a 409 carries in `details.conflicts`, if any. */
export function conflictsOf(error: unknown): Conflict[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { conflicts?: Conflict[] } | undefined;
  return details?.conflicts ?? [];
}

export type PlanningApi = ReturnType<typeof createPlanningApi>;

export function createPlanningApi(
  token: string,
  base = '/api/planning',
  credentialsBase = '/api/credentials',
) {
  const requestAt = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    if (typeof init.body === 'string') headers.set('content-type', 'application/json');
    const response = await fetch(url, { ...init, headers });
    if (response.ok) return response;
    const body = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; details?: unknown };
    };
    const error = body.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? 'internal',
      error.message ?? response.statusText,
      error.details,
    );
  };
  const request = (path: string, init?: RequestInit) => requestAt(`${base}${path}`, init);
  const get = async <T>(path: string): Promise<T> => (await request(path)).json() as Promise<T>;
  const send = async <T>(method: string, path: string, body: unknown = {}): Promise<T> =>
    (await request(path, { method, body: JSON.stringify(body) })).json() as Promise<T>;
  const query = (params: object) =>
    new URLSearchParams(
      Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
    ).toString();

  return {
    request,
    schools: () => get<{ schools: School[] }>('/schools'),
    classes: () => get<{ classes: SchoolClass[] }>('/classes'),
    tutors: () => get<{ tutors: Tutor[] }>('/tutors'),
    schoolYears: () => get<{ schoolYears: SchoolYear[] }>('/school-years'),
    /** Every zone's periods: a few dozen rows per school year. */
    holidays: () => get<{ periods: HolidayPeriod[]; publicHolidays: PublicHoliday[] }>('/holidays'),
    sessions: (filter: SessionQuery) =>
      get<{ timeZone: string; sessions: LessonSession[] }>(
        `/sessions?${query({ ...filter, includeCancelled: 'true' })}`,
      ),
    session: (id: string) => get<{ session: LessonSession }>(`/sessions/${enc(id)}`),
    moveSession: (id: string, date: string, startTime: string) =>
      send<{ session: LessonSession }>('POST', `/sessions/${enc(id)}/move`, { date, startTime }),
    cancelSession: (id: string) =>
      send<{ session: LessonSession }>('POST', `/sessions/${enc(id)}/state`, {
        state: 'cancelled',
      }),
    joinLinks: (id: string) =>
      send<{ links: JoinLink[] }>('POST', `/sessions/${enc(id)}/join-links`),
    /** Rotates a class's whiteboard key (coordinator): every older key of the class is refused. */
    newClassroomKey: async (classId: string) =>
      (
        await requestAt(`${credentialsBase}/classrooms/${enc(classId)}/key`, { method: 'POST' })
      ).json() as Promise<{ url: string; expiresAt: string; version: number }>,
    slots: (termId: string) => get<{ slots: WeeklySlot[] }>(`/slots?${query({ termId })}`),
    /** `replacing`: the slot being edited, whose own upcoming lessons the server ignores. */
    checkSlot: (slot: NewWeeklySlot, replacing?: string, signal?: AbortSignal) =>
      request('/slots/check', {
        method: 'POST',
        body: JSON.stringify(replacing ? { ...slot, replacing } : slot),
        signal,
      }).then((response) => response.json() as Promise<SlotCheck>),
    createSlot: (slot: NewWeeklySlot) =>
      send<{ slot: WeeklySlot; sessions: number }>('POST', '/slots', slot),
    /** Atomic on the server; the new version comes back under a new slot id. */
    replaceSlot: (id: string, slot: NewWeeklySlot) =>
      send<{ slot: WeeklySlot; sessions: number; cancelledSessionIds: string[] }>(
        'PUT',
        `/slots/${enc(id)}`,
        slot,
      ),
    deleteSlot: (id: string) => send<{ slotId: string }>('DELETE', `/slots/${enc(id)}`),
    plan: (sessionId: string) => get<{ plan: LessonPlan }>(`/sessions/${enc(sessionId)}/plan`),
    savePlan: (sessionId: string, content: PlanContent, expectedVersion: number) =>
      send<{ plan: LessonPlan }>('PUT', `/sessions/${enc(sessionId)}/plan`, {
        ...content,
        expectedVersion,
      }),
    planHistory: (sessionId: string) =>
      get<{ history: PlanHistoryEntry[] }>(`/sessions/${enc(sessionId)}/plan/history`),
    applyTemplate: (sessionId: string, templateId: string, expectedVersion: number) =>
      send<{ plan: LessonPlan }>('POST', `/sessions/${enc(sessionId)}/plan/apply-template`, {
        templateId,
        expectedVersion,
      }),
    materials: () => get<{ materials: Material[] }>('/materials'),
    uploadMaterial: async (file: File, name: string, kind: MaterialKind) => {
      const form = new FormData();
      form.set('name', name);
      form.set('kind', kind);
      form.set('file', file);
      const response = await request('/materials', { method: 'POST', body: form });
      return (await response.json()) as { material: Material };
    },
    templates: () => get<{ templates: PlanTemplate[] }>('/templates'),
    inspections: (sessionId: string) =>
      get<{ inspections: Inspection[] }>(`/inspections?${query({ sessionId })}`),
    createInspection: (sessionId: string) =>
      send<{ inspection: Inspection }>('POST', '/inspections', { sessionId }),
    gradeInspection: (id: string, grades: Inspection['grades']) =>
      send<{ inspection: Inspection }>('PATCH', `/inspections/${enc(id)}`, { grades }),
    addInspectionNote: (id: string, text: string) =>
      send<{ inspection: Inspection }>('POST', `/inspections/${enc(id)}/notes`, { text }),
    signOffInspection: (id: string) =>
      send<{ inspection: Inspection }>('POST', `/inspections/${enc(id)}/sign-off`),
    attendance: (termId: string) =>
      get<{ rows: AttendanceRow[] }>(`/reports/attendance?${query({ termId })}`),
    quality: (termId: string) =>
      get<{ rows: QualityRow[] }>(`/reports/quality?${query({ termId })}`),
  };
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
