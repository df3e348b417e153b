import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { classNames, tutorName, usePlanning } from './directory';
import { formatInstant } from './dates';
import type { HolidayImportPreview } from '../../../lesson-plans/domain/holiday-import';
import { toError } from './useLoad';

interface Loaded {
  ics: string;
  file: string;
  preview: HolidayImportPreview;
}

/** The file being reviewed, and the two steps: preview on choosing it, apply on confirming. */
function useHolidayImport(onApplied: () => void) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [message, setMessage] = useState('');
  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setMessage('');
    try {
      const ics = await file.text();
      setLoaded({
        ics,
        file: file.name,
        preview: (await api.call('previewHolidayImport', { body: { ics } })).preview,
      });
    } catch (error) {
      setLoaded(undefined);
      setMessage(toError(error).message);
    }
  };
  const apply = async () => {
    if (!loaded) return;
    try {
      const done = (
        await api.call('applyHolidayImport', {
          body: { ics: loaded.ics, digest: loaded.preview.digest, source: loaded.file },
        })
      ).import;
      const counts = {
        cancelled: done.cancelledSessionIds.length,
        restored: done.restoredSessionIds.length,
      };
      setMessage(t('planning.holidayImport.applied', counts));
      setLoaded(undefined);
      onApplied();
    } catch (error) {
      setMessage(toError(error).message);
    }
  };
  return { loaded, message, choose, apply, discard: () => setLoaded(undefined) };
}

/**
 * Coordinator: a holiday calendar (one zone's feed or the Ministry's national feed) is
 * imported as a reviewed change. The preview lists the lessons it cancels and restores and
 * the conflicts restoring creates; nothing changes until "Apply" is pressed.
 */
export function HolidayImportPanel({ onApplied }: { onApplied: () => void }) {
  const { t } = useTranslation();
  const { loaded, message, choose, apply, discard } = useHolidayImport(onApplied);
  return (
    <section aria-labelledby="holiday-import" className="holiday-import">
      <h2 id="holiday-import">{t('planning.holidayImport.heading')}</h2>
      <label>
        {t('planning.holidayImport.file')}
        <input type="file" accept=".ics,text/calendar" onChange={(e) => void choose(e)} />
      </label>
      <p role="status">{message}</p>
      {loaded && <PreviewDetails preview={loaded.preview} />}
      {loaded && (
        <div className="row-actions">
          <button type="button" onClick={() => void apply()}>
            {t('planning.holidayImport.apply')}
          </button>
          <button type="button" onClick={discard}>
            {t('planning.holidayImport.discard')}
          </button>
        </div>
      )}
    </section>
  );
}

function PreviewDetails({ preview }: { preview: HolidayImportPreview }) {
  const { t, i18n } = useTranslation();
  const { classes, tutors } = usePlanning();
  const rows = (lessons: HolidayImportPreview['toCancel']) =>
    lessons.map((lesson) => (
      <li key={lesson.sessionId}>
        {formatInstant(lesson.startsAt, i18n.language, 'Europe/Paris')} —{' '}
        {classNames(classes, lesson.classIds)} ({tutorName(tutors, lesson.tutorId)})
        {lesson.dayOffName ? ` — ${lesson.dayOffName}` : ''}
      </li>
    ));
  return (
    <div className="holiday-import-preview">
      <p>
        {t('planning.holidayImport.summary', {
          zones: preview.zones.join(', '),
          periods: preview.periods.length,
          from: preview.from,
          until: preview.until,
        })}
      </p>
      <h3>{t('planning.holidayImport.toCancel', { count: preview.toCancel.length })}</h3>
      <ul aria-label={t('planning.holidayImport.toCancelList')}>{rows(preview.toCancel)}</ul>
      <h3>{t('planning.holidayImport.toRestore', { count: preview.toRestore.length })}</h3>
      <ul aria-label={t('planning.holidayImport.toRestoreList')}>{rows(preview.toRestore)}</ul>
      {preview.conflicts.length > 0 && (
        <>
          <h3>{t('planning.holidayImport.conflicts', { count: preview.conflicts.length })}</h3>
          <ul role="alert">
            {preview.conflicts.map((conflict, i) => (
              <li key={`${conflict.sessionId ?? ''}-${i}`}>{conflict.message}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
