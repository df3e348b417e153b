import type { AttendanceSummaryRow, QualitySummaryRow } from '../domain/reports';
import { reportToCsv } from '../store/report-store';

export function attendanceCsv(rows: readonly AttendanceSummaryRow[]): string {
  return reportToCsv(rows, [
    'termId',
    'schoolId',
    'schoolName',
    'sessions',
    'sessionsWithClassroom',
    'classroomMinutes',
    'tutorMinutes',
    'inspectorVisits',
  ]);
}

export function qualityCsv(rows: readonly QualitySummaryRow[]): string {
  return reportToCsv(rows, [
    'termId',
    'schoolId',
    'schoolName',
    'samples',
    'avgBitrateKbps',
    'avgPacketLossPct',
    'totalFreezes',
    'avgRoundTripMs',
  ]);
}
