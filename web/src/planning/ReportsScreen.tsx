import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceRow, QualityRow } from '../api/planning';
import { BarChart } from './BarChart';
import { todayIso } from './dates';
import { allTerms, usePlanning } from './directory';
import { downloadFile } from './download';
import { termFor } from './TimetableScreen';
import { toError, useLoad } from './useLoad';

/** Coordinator: attendance and media quality per school for one term, with CSV exports. */
export function ReportsScreen() {
  const { t, i18n } = useTranslation();
  const { api, schoolYears } = usePlanning();
  const terms = allTerms(schoolYears);
  const [termId, setTermId] = useState(() => termFor(terms, todayIso())?.id ?? '');
  const [error, setError] = useState('');
  const reports = useLoad(termId, async () => {
    const [attendance, quality] = await Promise.all(
      (['attendance', 'quality'] as const).map((kind) =>
        api.call('report', { params: { kind }, query: { termId } }),
      ),
    );
    // The route answers either kind's rows; each call asked for one kind.
    return {
      attendance: (attendance?.rows ?? []) as AttendanceRow[],
      quality: (quality?.rows ?? []) as QualityRow[],
    };
  });
  const exportCsv = (kind: 'attendance' | 'quality') =>
    downloadFile(
      api.file('report', {
        params: { kind },
        // French Excel wants ';' and decimal commas; others get ',' and points.
        query: { termId, format: 'csv', locale: i18n.language.startsWith('fr') ? 'fr' : 'en' },
      }),
      `${kind}-${termId}.csv`,
    ).catch((reason: unknown) => setError(toError(reason).message));
  return (
    <div className="reports-screen">
      <h1>{t('planning.reports.heading')}</h1>
      <label>
        {t('planning.reports.term')}
        <select value={termId} onChange={(event) => setTermId(event.target.value)}>
          {terms.map((term) => (
            <option key={term.id} value={term.id}>
              {term.name} ({term.schoolYearId})
            </option>
          ))}
        </select>
      </label>
      {(error || reports.error) && <p role="alert">{error || reports.error?.message}</p>}
      <section aria-labelledby="attendance-h">
        <h2 id="attendance-h">{t('planning.reports.attendance')}</h2>
        <button type="button" onClick={() => void exportCsv('attendance')}>
          {t('planning.reports.csv', { name: t('planning.reports.attendance') })}
        </button>
        {reports.data && <AttendanceReport rows={reports.data.attendance} />}
      </section>
      <section aria-labelledby="quality-h">
        <h2 id="quality-h">{t('planning.reports.quality')}</h2>
        <button type="button" onClick={() => void exportCsv('quality')}>
          {t('planning.reports.csv', { name: t('planning.reports.quality') })}
        </button>
        {reports.data && <QualityReport rows={reports.data.quality} />}
      </section>
    </div>
  );
}

function AttendanceReport({ rows }: { rows: AttendanceRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p>{t('planning.reports.empty')}</p>;
  const columns = [
    'sessions',
    'withClassroom',
    'classroomMinutes',
    'tutorMinutes',
    'inspectorVisits',
  ];
  return (
    <>
      <BarChart
        title={t('planning.reports.chartAttendance')}
        unit="min"
        bars={rows.map((row) => ({ label: row.schoolName, value: row.classroomMinutes }))}
      />
      <ReportTable
        columns={columns.map((column) => t(`planning.reports.${column}`))}
        rows={rows.map((row) => [
          row.schoolName,
          row.sessions,
          row.sessionsWithClassroom,
          row.classroomMinutes,
          row.tutorMinutes,
          row.inspectorVisits,
        ])}
      />
    </>
  );
}

function QualityReport({ rows }: { rows: QualityRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p>{t('planning.reports.empty')}</p>;
  const columns = ['samples', 'bitrate', 'loss', 'freezes', 'rtt'];
  return (
    <>
      <BarChart
        title={t('planning.reports.chartQuality')}
        unit="%"
        bars={rows.map((row) => ({ label: row.schoolName, value: round(row.avgPacketLossPct) }))}
      />
      <ReportTable
        columns={columns.map((column) => t(`planning.reports.${column}`))}
        rows={rows.map((row) => [
          row.schoolName,
          row.samples,
          round(row.avgBitrateKbps),
          round(row.avgPacketLossPct),
          row.totalFreezes,
          round(row.avgRoundTripMs),
        ])}
      />
    </>
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function ReportTable({ columns, rows }: { columns: string[]; rows: (string | number)[][] }) {
  const { t } = useTranslation();
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">{t('planning.reports.school')}</th>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([school, ...values]) => (
          <tr key={String(school)}>
            <th scope="row">{school}</th>
            {values.map((value, index) => (
              <td key={columns[index]}>{value}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
