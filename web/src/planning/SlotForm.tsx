import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { conflictsOf, type Conflict, type NewWeeklySlot, type WeeklySlot } from '../api/planning';
import { usePlanning } from './directory';
import { ConflictList } from './ConflictList';
import { SlotFields } from './SlotFields';
import { toError } from './useLoad';
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

/** Field by field: the slot's id stays out, since the server names a replacement. */
export function draftOf(slot: WeeklySlot): SlotDraft {
  return {
    termId: slot.termId,
    tutorId: slot.tutorId,
    classIds: slot.classIds,
    weekday: slot.weekday,
    startTime: slot.startTime,
    durationMinutes: slot.durationMinutes,
    validFrom: slot.validFrom ?? '',
    validUntil: slot.validUntil ?? '',
  };
}

function slotOf(draft: SlotDraft): NewWeeklySlot | null {
  if (!draft.termId || !draft.tutorId || draft.classIds.length === 0) return null;
  return { ...draft, validFrom: draft.validFrom || null, validUntil: draft.validUntil || null };
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
  const check = useSlotCheck(api, slot, editing?.id);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!slot) return setError(t('planning.slots.pick'));
    setError('');
    setSaveConflicts([]);
    try {
      // One request either way: a refused edit leaves the old slot and its lessons untouched.
      const saved = editing
        ? await api.call('replaceSlot', { params: { id: editing.id }, body: slot })
        : await api.call('createSlot', { body: slot });
      onSaved(
        t(editing ? 'planning.slots.replaced' : 'planning.slots.saved', {
          count: saved.sessions,
        }),
      );
    } catch (reason) {
      const conflicts = conflictsOf(reason);
      setSaveConflicts(conflicts);
      // The conflict list says it in the viewer's language; the server's summary is English.
      setError(conflicts.length > 0 ? '' : toError(reason).message);
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
        <CheckResult state={check} />
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

function CheckResult({ state }: { state: SlotCheckState }) {
  const { t } = useTranslation();
  if (state.status === 'idle') return <p className="hint">{t('planning.slots.pick')}</p>;
  if (state.status === 'checking') return <p className="hint">{t('planning.slots.checking')}</p>;
  if (state.status === 'invalid') return <p className="error-text">{state.message}</p>;
  const { conflicts } = state.check;
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
