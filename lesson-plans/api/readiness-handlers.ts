import type {
  ClassReadiness,
  ReadinessConcern,
  ReadinessOverview,
  ReadinessRecord,
} from '../contract/readiness';
import type { PlanningStore } from '../store/open';
import { failure } from './http';
import type { PlanningHandlers } from './planning-handlers';
import type { PlanningRouterDeps } from './router-types';

/** A class with a lesson ahead needs attention when never checked, not ready, or on a weak line. */
export function readinessConcern(
  latest: ReadinessRecord | null,
  nextLessonAt: string | null,
): ReadinessConcern | null {
  if (nextLessonAt === null) return null;
  if (!latest) return 'never-checked';
  if (latest.verdict === 'not-ready') return 'not-ready';
  return latest.weak ? 'weak' : null;
}

export async function readinessOverview(
  store: PlanningStore,
  now: Date,
): Promise<ReadinessOverview> {
  const [schools, classes, nextLessons] = await Promise.all([
    store.listSchools(),
    store.listClasses(),
    store.nextLessonStarts(now),
  ]);
  const latest = await store.latestReadiness(classes.map((schoolClass) => schoolClass.id));
  return {
    schools: schools.map((school) => ({
      schoolId: school.id,
      schoolName: school.name,
      classes: classes
        .filter((schoolClass) => schoolClass.schoolId === school.id)
        .map((schoolClass): ClassReadiness => {
          const record = latest.get(schoolClass.id) ?? null;
          const nextLessonAt = nextLessons.get(schoolClass.id) ?? null;
          return {
            classId: schoolClass.id,
            className: schoolClass.name,
            nextLessonAt,
            latest: record,
            concern: readinessConcern(record, nextLessonAt),
          };
        }),
    })),
  };
}

export function readinessHandlers(
  deps: PlanningRouterDeps,
  now: () => Date,
): Pick<PlanningHandlers, 'readinessOverview' | 'readinessCheckToken'> {
  return {
    readinessOverview: () => readinessOverview(deps.store, now()),
    readinessCheckToken: ({ principal }) => {
      if (!deps.issueCheckToken) throw failure('unavailable', 'this server runs no checks');
      return deps.issueCheckToken(principal.userId);
    },
  };
}
