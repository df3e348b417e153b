import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { conflictsOf, type Conflict, type NewWeeklySlot, type WeeklySlot } from './api';
import { instantBounds } from './dates';
import { allTerms, usePlanning } from './directory';
import { ConflictList } from './ConflictList';
import { SlotFields } from './SlotFields';
import { toError, useLoad } from './useLoad';
import { useSlotCheck, type SlotCheckState } from './useSlotCheck';

export interface SlotDraft {
  termId: string;
  tutorId: string;
  classIds: string[];
  weekday: number;
  startTime: string;
  durationMinutes: number;
  validFrom: string;
  validUntil: string;
}

export function draftOf(slot: WeeklySlot): SlotDraft {
  return { ...slot, validFrom: slot.validFrom ?? '', validUntil: slot.validUntil ?? '' };
}

function slotOf(draft: SlotDraft): NewWeeklySlot | null {
  if (!draft.termId || !draft.tutorId || draft.classIds.length === 0) return null;
  return { ...draft, validFrom: draft.validFrom || null, validUntil: draft.validUntil || null };
}

/** Lessons of the slot being replaced: they collide with its new version by construction. */
function useOwnSessions(editing: WeeklySlot | undefined): Set<string> {
  const { api, schoolYears } = usePlanning();
  const term = allTerms(schoolYears).find((candidate) => candidate.id === editing?.termId);
  const loaded = useLoad(editing?.id ?? '', async () => {
    if (!editing || !term) return new Set<string>();
    const bounds = instantBounds(term.startDate, term.endDate);
    const { sessions } = await api.sessions({ ...bounds, tutorId: editing.tutorId });
    return new Set(sessions.filter((s) => s.slotId === editing.id).map((s) => s.id));
  });
  return loaded.data ?? new Set();
}

interface SlotFormProps {
  initial: SlotDraft;
  editing: WeeklySlot | undefined;
  onSaved: (message: string) => void;
  onCancelEdit: () => void;
}

export function SlotForm({ initial, editing, onSaved, onCancelEdit }: SlotFormProps) {
  const { t } = useTranslation();
  const { api } = usePlanning();
  const [draft, setDraft] = useState(initial);
  const [saveConflicts, setSaveConflicts] = useState<Conflict[]>([]);
  const [error, setError] = useState('');
  const slot = slotOf(draft);
  const own = useOwnSessions(editing);
  const check = useSlotCheck(api, slot);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!slot) return setError(t('planning.slots.pick'));
    setError('');
    setSaveConflicts([]);
    try {
      if (editing) await api.deleteSlot(editing.id);
      const created = await api.createSlot(slot);
      onSaved(t('planning.slots.saved', { count: created.sessions }));
    } catch (reason) {
      // Put the original back so a refused edit loses nothing.
      if (editing) await api.createSlot(editing).catch(() => undefined);
      setSaveConflicts(conflictsOf(reason));
      setError(toError(reason).message);
    }
  };
  const headingKey = editing ? 'planning.slots.formEdit' : 'planning.slots.formNew';
  return (
    <form
      className="slot-form"
      onSubmit={(event) => void save(event)}
      aria-labelledby="slot-form-h"
    >
      <h2 id="slot-form-h">{t(headingKey)}</h2>
      {editing && <p className="hint">{t('planning.slots.editHint')}</p>}
      <SlotFields draft={draft} onChange={setDraft} />
      <div aria-live="polite">
        <CheckResult state={check} ignored={own} />
      </div>
      {saveConflicts.length > 0 && (
        <ConflictList heading={t('planning.slots.savedConflicts')} conflicts={saveConflicts} />
      )}
      {error && <p role="alert">{error}</p>}
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('planning.slots.save')}
        </button>
        {editing && (
          <button type="button" onClick={onCancelEdit}>
            {t('planning.slots.cancelEdit')}
          </button>
        )}
      </div>
    </form>
  );
}

function CheckResult({ state, ignored }: { state: SlotCheckState; ignored: Set<string> }) {
  const { t } = useTranslation();
  if (state.status === 'idle') return <p className="hint">{t('planning.slots.pick')}</p>;
  if (state.status === 'checking') return <p className="hint">{t('planning.slots.checking')}</p>;
  if (state.status === 'invalid') return <p className="error-text">{state.message}</p>;
  const conflicts = state.check.conflicts.filter(
    (conflict) => !conflict.conflictingSessionId || !ignored.has(conflict.conflictingSessionId),
  );
  return (
    <>
      {conflicts.length > 0 ? (
        <ConflictList heading={t('planning.slots.conflicts')} conflicts={conflicts} />
      ) : (
        <p className="ok-text">
          <span aria-hidden="true">✓ </span>
          {t('planning.slots.noConflict', { count: state.check.lessons })}
        </p>
      )}
      {state.check.skipped.length > 0 && (
        <p className="hint">{t('planning.slots.skipped', { count: state.check.skipped.length })}</p>
      )}
    </>
  );
}
