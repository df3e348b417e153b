import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LessonSession, Term } from '../api/planning';
import { addDays, formatDay, instantBounds, mondayOf, todayIso } from './dates';
import { allTerms, usePlanning } from './directory';
import { daysOffOn, zonesInView } from './holidays';
import { SessionPanel } from './SessionPanel';
import { TermList } from './TermList';
import { TimetableFilters, type Filters } from './TimetableFilters';
import { useLoad } from './useLoad';
import { WeekGrid } from './WeekGrid';

/** The term holding `date`, else the next one, else the last: the demo term may be in the future. */
export function termFor(terms: Term[], date: string): Term | undefined {
  return (
    terms.find((term) => term.startDate <= date && date <= term.endDate) ??
    terms.find((term) => term.startDate > date) ??
    terms.at(-1)
  );
}

function useTimetable(filters: Filters, first: string, last: string) {
  const { api } = usePlanning();
  const key = JSON.stringify({ filters, first, last });
  return useLoad(key, async () => {
    const [answer, holidays] = await Promise.all([
      api.call('listSessions', {
        query: { ...instantBounds(first, last), ...filters, includeCancelled: 'true' },
      }),
      api.call('listHolidays', { query: {} }),
    ]);
    const sessions = answer.sessions.filter(
      (session) => session.display.start.date >= first && session.display.start.date <= last,
    );
    return { ...answer, sessions, holidays };
  });
}

export function TimetableScreen() {
  const { t, i18n } = useTranslation();
  const { schoolYears, schools } = usePlanning();
  const terms = allTerms(schoolYears);
  const [filters, setFilters] = useState<Filters>({ tutorId: '', schoolId: '', classId: '' });
  const [view, setView] = useState<'week' | 'term'>('week');
  const [termId, setTermId] = useState(() => termFor(terms, todayIso())?.id ?? '');
  const term = terms.find((candidate) => candidate.id === termId);
  const [monday, setMonday] = useState(() => mondayOf(term?.startDate ?? todayIso()));
  const [selected, setSelected] = useState<LessonSession | undefined>();
  const [first, last] =
    view === 'week' || !term ? [monday, addDays(monday, 6)] : [term.startDate, term.endDate];
  const loaded = useTimetable(filters, first, last);
  const zones = zonesInView(schools, filters.schoolId);
  const daysOff = (date: string) =>
    daysOffOn(
      date,
      loaded.data?.holidays.periods ?? [],
      loaded.data?.holidays.publicHolidays ?? [],
      zones,
    );
  const shared = { daysOff, selectedId: selected?.id, onSelect: setSelected };
  return (
    <div className="timetable-screen">
      <h1>{t('planning.timetable.heading')}</h1>
      <TimetableFilters filters={filters} onChange={setFilters} />
      <ViewSwitch view={view} onChange={setView} />
      {view === 'week' ? (
        <WeekNavigation monday={monday} onChange={setMonday} />
      ) : (
        <label>
          {t('planning.timetable.termSelect')}
          <select value={termId} onChange={(event) => setTermId(event.target.value)}>
            {terms.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name} ({option.schoolYearId})
              </option>
            ))}
          </select>
        </label>
      )}
      {loaded.error && <p role="alert">{loaded.error.message}</p>}
      {loaded.data && (
        <p className="hint">{t('planning.timetable.timesIn', { zone: loaded.data.timeZone })}</p>
      )}
      <div className="timetable-layout">
        {loaded.data && view === 'week' && (
          <section
            aria-label={t('planning.timetable.weekOf', { date: formatDay(monday, i18n.language) })}
          >
            <WeekGrid monday={monday} sessions={loaded.data.sessions} {...shared} />
          </section>
        )}
        {loaded.data && view === 'term' && term && (
          <TermList term={term} sessions={loaded.data.sessions} {...shared} />
        )}
        {selected && <SessionPanel session={selected} onChanged={loaded.reload} />}
      </div>
    </div>
  );
}

function ViewSwitch({
  view,
  onChange,
}: {
  view: 'week' | 'term';
  onChange: (v: 'week' | 'term') => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="segmented">
      <legend>{t('planning.timetable.view')}</legend>
      {(['week', 'term'] as const).map((option) => (
        <label key={option}>
          <input
            type="radio"
            name="timetable-view"
            checked={view === option}
            onChange={() => onChange(option)}
          />
          {t(`planning.timetable.${option}`)}
        </label>
      ))}
    </fieldset>
  );
}

function WeekNavigation({ monday, onChange }: { monday: string; onChange: (m: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="week-nav">
      <button type="button" onClick={() => onChange(addDays(monday, -7))}>
        <span aria-hidden="true">← </span>
        {t('planning.timetable.previous')}
      </button>
      <h2>{t('planning.timetable.weekOf', { date: formatDay(monday, i18n.language) })}</h2>
      <button type="button" onClick={() => onChange(addDays(monday, 7))}>
        {t('planning.timetable.next')}
        <span aria-hidden="true"> →</span>
      </button>
      <label>
        {t('planning.timetable.goToWeek')}
        <input
          type="date"
          value={monday}
          onChange={(event) => event.target.value && onChange(mondayOf(event.target.value))}
        />
      </label>
    </div>
  );
}
