import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanClient } from '../lesson/lessonPlan';

interface Note {
  at: string;
  text: string;
  saved: boolean;
}

/** Timestamped observation notes, saved one by one to the session's inspection. */
export function ObservationNotes({ plans }: { plans: PlanClient }) {
  const { t, i18n } = useTranslation();
  const fieldId = useId();
  const [inspectionId, setInspectionId] = useState<string | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [draft, setDraft] = useState('');
  const [notes, setNotes] = useState<Note[]>([]);
  useEffect(() => {
    plans.openInspection().then(setInspectionId, () => setUnavailable(true));
  }, [plans]);

  const add = async () => {
    const text = draft.trim();
    if (!text || !inspectionId) return;
    const note = { at: new Date().toISOString(), text, saved: false };
    setDraft('');
    setNotes((all) => [...all, note]);
    try {
      await plans.addObservationNote(inspectionId, text, note.at);
      setNotes((all) => all.map((n) => (n === note ? { ...n, saved: true } : n)));
    } catch {
      setDraft(text);
      setNotes((all) => all.filter((n) => n !== note));
    }
  };

  const time = (at: string) =>
    new Date(at).toLocaleTimeString(i18n.language, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  return (
    <section className="notes" aria-label={t('inspector.notes')} data-testid="observation-notes">
      <h2>{t('inspector.notes')}</h2>
      {unavailable && <p className="banner warning">{t('inspector.notesUnavailable')}</p>}
      <ol className="note-list">
        {notes.map((note) => (
          <li key={note.at} data-saved={note.saved}>
            <time dateTime={note.at}>{time(note.at)}</time> {note.text}
            {!note.saved && <span className="muted-text"> ({t('inspector.saving')})</span>}
          </li>
        ))}
      </ol>
      <label htmlFor={fieldId}>{t('inspector.newNote')}</label>
      <textarea
        id={fieldId}
        rows={3}
        value={draft}
        maxLength={4000}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button
        type="button"
        className="big-button"
        disabled={!inspectionId || !draft.trim()}
        onClick={() => void add()}
      >
        {t('inspector.addNote')}
      </button>
    </section>
  );
}
