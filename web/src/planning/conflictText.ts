import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Conflict, SchoolClass, Tutor } from '../api/planning';
import { classNames, tutorName, usePlanning } from './directory';

/** Slots and moves are planned on Paris wall-clock time, as the forms' labels say. */
const PLANNING_TIME_ZONE = 'Europe/Paris';

interface Wording {
  t: TFunction;
  language: string;
  classes: SchoolClass[];
  tutors: Tutor[];
}

export interface ConflictWords {
  /** The kind of conflict, or its raw code when this client does not know it. */
  kind: (conflict: Conflict) => string;
  /** The reason in the viewer's language, or the server's English message as a fallback. */
  reason: (conflict: Conflict) => string;
}

/** Words conflicts from their code and details rather than the server's English `message`. */
export function useConflictWords(): ConflictWords {
  const { t, i18n } = useTranslation();
  const { classes, tutors } = usePlanning();
  const wording: Wording = { t, language: i18n.language, classes, tutors };
  return {
    kind: (conflict) => {
      const key = `planning.conflict.${conflict.code}`;
      return i18n.exists(key) ? t(key) : conflict.code;
    },
    reason: (conflict) => conflictReason(conflict, wording) ?? conflict.message,
  };
}

/** Undefined for a code this client does not know, or details an older server did not send. */
function conflictReason(conflict: Conflict, wording: Wording): string | undefined {
  switch (conflict.code) {
    case 'tutor_double_booked':
    case 'class_double_booked':
      return doubleBooking(conflict, wording);
    case 'outside_school_hours':
      return outsideHours(conflict, wording);
    case 'on_holiday':
      if (!conflict.dayOffName) return undefined;
      return wording.t('planning.conflict.dayOff', {
        date: format(conflict.startsAt, wording.language, DAY),
        name: conflict.dayOffName,
      });
    default:
      return undefined;
  }
}

function doubleBooking(conflict: Conflict, { t, language, classes, tutors }: Wording) {
  const other = conflict.conflictingStartsAt;
  if (!other) return undefined;
  const when = { date: format(other, language, DAY), time: format(other, language, TIME) };
  if (conflict.code === 'class_double_booked' && conflict.classId)
    return t('planning.conflict.classBusy', {
      schoolClass: classNames(classes, [conflict.classId]),
      ...when,
    });
  if (conflict.code !== 'tutor_double_booked' || !conflict.tutorId) return undefined;
  const tutor = tutorName(tutors, conflict.tutorId);
  if (conflict.bufferMinutes === undefined)
    return t('planning.conflict.tutorBusy', { tutor, ...when });
  return t('planning.conflict.tutorBuffer', { tutor, minutes: conflict.bufferMinutes, ...when });
}

function outsideHours(conflict: Conflict, { t, language }: Wording) {
  const { schoolHours, endsAt } = conflict;
  if (schoolHours === undefined || !endsAt) return undefined;
  const weekday = format(conflict.startsAt, language, WEEKDAY);
  if (schoolHours === null) return t('planning.conflict.noSchool', { weekday });
  return t('planning.conflict.outsideHours', {
    weekday,
    start: format(conflict.startsAt, language, TIME),
    end: format(endsAt, language, TIME),
    open: schoolHours.start,
    close: schoolHours.end,
  });
}

const WEEKDAY: Intl.DateTimeFormatOptions = { weekday: 'long' };
const DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

function format(instant: string, language: string, options: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(language, { ...options, timeZone: PLANNING_TIME_ZONE }).format(
    new Date(instant),
  );
}
