import type { AttendanceSummaryRow, QualitySummaryRow } from '../domain/reports';
import type { CsvLocale } from '../store/csv';
import { reportToCsv } from '../store/csv';

export const ATTENDANCE_COLUMNS = [
  'termId',
  'schoolId',
  'schoolName',
  'sessions',
  'sessionsWithClassroom',
  'classroomMinutes',
  'tutorMinutes',
  'inspectorVisits',
] as const satisfies ReadonlyArray<keyof AttendanceSummaryRow>;

export const QUALITY_COLUMNS = [
  'termId',
  'schoolId',
  'schoolName',
  'samples',
  'avgBitrateKbps',
  'avgPacketLossPct',
  'totalFreezes',
  'avgRoundTripMs',
] as const satisfies ReadonlyArray<keyof QualitySummaryRow>;

export function attendanceCsv(rows: readonly AttendanceSummaryRow[], locale: CsvLocale = 'fr') {
  return reportToCsv(rows, ATTENDANCE_COLUMNS, locale);
}

export function qualityCsv(rows: readonly QualitySummaryRow[], locale: CsvLocale = 'fr') {
  return reportToCsv(rows, QUALITY_COLUMNS, locale);
}
