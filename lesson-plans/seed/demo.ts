import type { NewWeeklySlot, SchoolClass, Term } from '../domain/model';
import type { PlanContent } from '../domain/lesson-plan';
import type { Result } from '../domain/result';
import type { PlanningStore } from '../store/open';
import { DEMO_SCHOOLS, DEMO_THEMES } from './demo-data';

export interface DemoSeedOptions {
  /** Which 2026-2027 term gets the timetable; default the first (Sept–Dec 2026). */
  termId?: 'T1-2026' | 'T2-2027' | 'T3-2027';
  /** Write a lesson plan for each generated lesson (default true). */
  withPlans?: boolean;
}

export interface DemoSeedSummary {
  schools: number;
  classes: number;
  tutors: number;
  inspectors: number;
  slots: number;
  sessions: number;
  plans: number;
}

/**
 * The demo town's timetable has run since September: its lessons are laid down from the
 * start of the term, not from now (the only caller allowed to plan into the past).
 */
const DEMO_HISTORY = { plannedFrom: '2026-08-31T00:00:00.000Z' };

/**
 * Terms belong to the school year and meet end to end: each zone's own breaks fall inside
 * them as holidays, so every class gets every school week of its zone (zone A has school
 * 5–9 April 2027 and zone B 5–16 April while zone C is on its spring break).
 */
const TERMS: Term[] = [
  {
    id: 'T1-2026',
    schoolYearId: '2026-2027',
    name: 'Trimestre 1',
    startDate: '2026-09-01',
    endDate: '2026-12-18',
  },
  {
    id: 'T2-2027',
    schoolYearId: '2026-2027',
    name: 'Trimestre 2',
    startDate: '2027-01-04',
    endDate: '2027-04-18',
  },
  {
    id: 'T3-2027',
    schoolYearId: '2026-2027',
    name: 'Trimestre 3',
    startDate: '2027-04-19',
    endDate: '2027-07-02',
  },
];
const TUTORS = [
  { id: 'tutor-emily', name: 'Emily Hartley' },
  { id: 'tutor-oliver', name: 'Oliver Pennington' },
  { id: 'tutor-charlotte', name: 'Charlotte Ashby' },
];
const INSPECTORS = [
  { id: 'inspector-martin', name: 'Claire Martin', timeZone: 'Europe/Paris' },
  { id: 'inspector-diallo', name: 'Moussa Diallo', timeZone: 'Europe/Paris' },
];
/** Monday, Tuesday, Thursday, Friday: French primary schools rarely teach on Wednesday. */
const TEACHING_DAYS = [1, 2, 4, 5];
/** 15-minute gaps keep every tutor clear of the default 10-minute buffer. */
const LESSON_TIMES = ['09:00', '09:45', '10:30', '13:45', '14:30', '15:15'];

function must<T>(result: Result<T>, what: string): T {
  // The demo data is fixed; a failure here is a bug in it, not user input.
  if (!result.ok) throw new Error(`demo seed: ${what}: ${result.error.message}`);
  return result.value;
}

/** Fills an empty database with one fictional zone C town; same input, same rows. */
export async function seedDemoData(
  store: PlanningStore,
  options: DemoSeedOptions = {},
): Promise<DemoSeedSummary> {
  if ((await store.listSchools()).length > 0)
    throw new Error('demo seed expects an empty database');
  const classes = await seedDirectory(store);
  const termId = options.termId ?? 'T1-2026';
  let sessions = 0;
  const slots = demoSlots(classes, termId);
  for (const slot of slots)
    sessions += must(await store.createSlot(slot, DEMO_HISTORY), `slot ${slot.id}`).sessions.length;
  const plans = options.withPlans === false ? 0 : await seedPlans(store, termId);
  return {
    schools: DEMO_SCHOOLS.length,
    classes: classes.length,
    tutors: TUTORS.length,
    inspectors: INSPECTORS.length,
    slots: slots.length,
    sessions,
    plans,
  };
}

async function seedDirectory(store: PlanningStore): Promise<SchoolClass[]> {
  must(
    await store.createSchoolYear(
      { id: '2026-2027', startDate: '2026-09-01', endDate: '2027-07-02' },
      TERMS,
    ),
    'year',
  );
  for (const tutor of TUTORS)
    must(await store.createTutor({ ...tutor, timeZone: 'Europe/London' }), tutor.id);
  for (const inspector of INSPECTORS) must(await store.createInspector(inspector), inspector.id);
  const classes: SchoolClass[] = [];
  for (const [index, school] of DEMO_SCHOOLS.entries()) {
    must(
      await store.createSchool({
        ...school,
        town: 'Val-de-Brume',
        academie: 'Créteil',
        holidayZone: 'C',
      }),
      school.id,
    );
    const levels =
      index % 3 === 2
        ? (['CE2', 'CM1', 'CM2'] as const)
        : index % 2 === 0
          ? (['CE2', 'CM2'] as const)
          : (['CM1', 'CM2'] as const);
    for (const [k, level] of levels.entries()) {
      const schoolClass: SchoolClass = {
        id: `${school.id}-${level.toLowerCase()}`,
        schoolId: school.id,
        name: `${level} ${school.shortName}`,
        level,
        teacherId: `teacher-${school.id}-${k + 1}`,
        teacherName: school.teachers[k] ?? `Enseignant·e ${k + 1}`,
        whiteboardEndpoint: `tbi-${school.id}-salle-${k + 1}`,
      };
      classes.push(must(await store.createClass(schoolClass), schoolClass.id));
    }
  }
  return classes;
}

/** Round-robin over tutors, then over days and times, so no two lessons collide. */
function demoSlots(classes: readonly SchoolClass[], termId: string): NewWeeklySlot[] {
  // The two classes of the first school learn together: one session, two classrooms.
  const groups: SchoolClass[][] = [classes.slice(0, 2), ...classes.slice(2).map((c) => [c])];
  return groups.map((group, index) => {
    const position = Math.floor(index / TUTORS.length);
    return {
      id: `slot-${group.map((c) => c.id).join('_')}`,
      termId,
      tutorId: TUTORS[index % TUTORS.length]!.id,
      classIds: group.map((c) => c.id),
      weekday: TEACHING_DAYS[position % TEACHING_DAYS.length]!,
      startTime: LESSON_TIMES[Math.floor(position / TEACHING_DAYS.length) % LESSON_TIMES.length]!,
      durationMinutes: 30,
      validFrom: null,
      validUntil: null,
    };
  });
}

async function seedPlans(store: PlanningStore, termId: string): Promise<number> {
  const sessions = await store.listSessions({ includeCancelled: false });
  const term = await store.getTerm(termId);
  const weekOf = (iso: string) =>
    Math.floor((Date.parse(iso) - Date.parse(term!.startDate)) / (7 * 86_400_000));
  let plans = 0;
  for (const session of sessions) {
    const theme = DEMO_THEMES[weekOf(session.startsAt) % DEMO_THEMES.length]!;
    const content: Omit<PlanContent, 'handoverNote' | 'materialIds'> = theme;
    const tutor = { userId: session.tutorId, role: 'tutor', name: session.tutorId };
    must(await store.editPlan(session.id, { expectedVersion: 0, ...content }, tutor), session.id);
    plans += 1;
  }
  return plans;
}
