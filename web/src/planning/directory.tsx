import { createContext, useContext } from 'react';
import type {
  CredentialsApi,
  PlanningApi,
  School,
  SchoolClass,
  SchoolYear,
  Tutor,
} from '../api/planning';
import type { PlanningIdentity } from './identity';

/** Who is looking and the reference data every screen names things with. */
export interface PlanningContextValue {
  api: PlanningApi;
  /** Issuing and revoking credentials (/api/credentials), with the same token. */
  credentials: CredentialsApi;
  identity: PlanningIdentity;
  schools: School[];
  classes: SchoolClass[];
  tutors: Tutor[];
  schoolYears: SchoolYear[];
}

export const PlanningContext = createContext<PlanningContextValue | null>(null);

export function usePlanning(): PlanningContextValue {
  const value = useContext(PlanningContext);
  // Every planning screen renders under PlanningApp, which provides this.
  if (!value) throw new Error('usePlanning outside PlanningApp');
  return value;
}

export async function loadDirectory(api: PlanningApi) {
  const [schools, classes, tutors, schoolYears] = await Promise.all([
    api.call('listSchools'),
    api.call('listClasses', { query: {} }),
    api.call('listTutors'),
    api.call('listSchoolYears'),
  ]);
  return {
    schools: schools.schools,
    classes: classes.classes,
    tutors: tutors.tutors,
    schoolYears: schoolYears.schoolYears,
  };
}

export function classNames(classes: SchoolClass[], ids: string[]): string {
  return ids.map((id) => classes.find((c) => c.id === id)?.name ?? id).join(', ');
}

export function tutorName(tutors: Tutor[], id: string): string {
  return tutors.find((tutor) => tutor.id === id)?.name ?? id;
}

export function allTerms(years: SchoolYear[]) {
  return years.flatMap((year) => year.terms);
}
