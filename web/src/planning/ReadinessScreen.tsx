import { useTranslation } from 'react-i18next';
import type { ClassReadiness, ReadinessOverview } from '../../../lesson-plans/contract/readiness';
import { usePlanning } from './directory';
import { useLoad } from './useLoad';

/**
 * Coordinator: every school's whiteboards with their latest network check and next lesson;
 * those never checked, not ready or on a weak line before their lesson come first.
 */
export function ReadinessScreen() {
  const { t } = useTranslation();
  const { api, identity } = usePlanning();
  const overview = useLoad('readiness', () => api.call('readinessOverview'));
  const schools = overview.data?.schools ?? [];
  const flagged = schools.flatMap((school) => school.classes).filter((c) => c.concern !== null);
  return (
    <div className="readiness-screen">
      <h1>{t('planning.readiness.heading')}</h1>
      <p>{t('planning.readiness.intro')}</p>
      <p>
        {/* The token stays in the fragment, which browsers never send to a server. */}
        <a
          href={`/check#token=${encodeURIComponent(identity.token)}`}
          data-testid="check-this-computer"
        >
          {t('planning.readiness.checkHere')}
        </a>
      </p>
      {overview.error && <p role="alert">{overview.error.message}</p>}
      {overview.data && (
        <p role="status" data-testid="readiness-attention">
          {t('planning.readiness.attention', { count: flagged.length })}
        </p>
      )}
      {schools.map((school) => (
        <SchoolReadiness key={school.schoolId} school={school} />
      ))}
    </div>
  );
}

function SchoolReadiness({ school }: { school: ReadinessOverview['schools'][number] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`readiness-${school.schoolId}`}>
      <h2 id={`readiness-${school.schoolId}`}>{school.schoolName}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('planning.readiness.className')}</th>
            <th scope="col">{t('planning.readiness.nextLesson')}</th>
            <th scope="col">{t('planning.readiness.checkedAt')}</th>
            <th scope="col">{t('planning.readiness.result')}</th>
            <th scope="col">{t('planning.readiness.figures')}</th>
          </tr>
        </thead>
        <tbody>
          {[...school.classes].sort(byConcern).map((row) => (
            <ReadinessRow key={row.classId} row={row} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

const byConcern = (a: ClassReadiness, b: ClassReadiness) =>
  Number(b.concern !== null) - Number(a.concern !== null);

function ReadinessRow({ row }: { row: ClassReadiness }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, {
      timeZone: 'Europe/Paris',
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
  const latest = row.latest;
  const used = latest?.paths.find((path) => path.outcome === 'ok');
  return (
    <tr data-class={row.classId} data-concern={row.concern ?? ''}>
      <th scope="row">{row.className}</th>
      <td>{row.nextLessonAt ? date(row.nextLessonAt) : t('planning.readiness.none')}</td>
      <td>{latest ? date(latest.checkedAt) : t('planning.readiness.never')}</td>
      <td>
        {latest && t(`planning.readiness.verdict.${latest.verdict}`)}
        {row.concern && (
          <strong className="readiness-concern">
            {' '}
            {t(`planning.readiness.concern.${row.concern}`)}
          </strong>
        )}
      </td>
      <td>
        {used &&
          `${used.path} · ↑ ${mbps(used.upstreamBps)} · ↓ ${mbps(used.downstreamBps)} · ${used.rttMs ?? '—'} ms`}
      </td>
    </tr>
  );
}

function mbps(bps: number | null): string {
  return bps === null ? '—' : `${(bps / 1e6).toFixed(1)} Mbit/s`;
}
