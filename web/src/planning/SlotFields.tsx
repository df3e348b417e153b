import { useTranslation } from 'react-i18next';
import { allTerms, usePlanning } from './directory';
import type { SlotDraft } from './SlotForm';

const WEEKDAYS = [1, 2, 3, 4, 5];

/** The slot's inputs, all labelled; classes are a multi-select so one lesson can serve several. */
export function SlotFields({
  draft,
  onChange,
}: {
  draft: SlotDraft;
  onChange: (draft: SlotDraft) => void;
}) {
  const { t } = useTranslation();
  const { schoolYears, tutors, classes, schools } = usePlanning();
  const set = <K extends keyof SlotDraft>(field: K, value: SlotDraft[K]) =>
    onChange({ ...draft, [field]: value });
  return (
    <div className="form-grid">
      <label>
        {t('planning.slots.term')}
        <select value={draft.termId} onChange={(e) => set('termId', e.target.value)}>
          {allTerms(schoolYears).map((term) => (
            <option key={term.id} value={term.id}>
              {term.name} ({term.schoolYearId})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planning.slots.tutor')}
        <select value={draft.tutorId} onChange={(e) => set('tutorId', e.target.value)}>
          <option value="">—</option>
          {tutors.map((tutor) => (
            <option key={tutor.id} value={tutor.id}>
              {tutor.name}
            </option>
          ))}
        </select>
      </label>
      <label className="span-rows">
        {t('planning.slots.classes')}
        <select
          multiple
          size={8}
          value={draft.classIds}
          onChange={(e) =>
            set(
              'classIds',
              [...e.target.selectedOptions].map((option) => option.value),
            )
          }
        >
          {schools.map((school) => (
            <optgroup key={school.id} label={school.name}>
              {classes
                .filter((schoolClass) => schoolClass.schoolId === school.id)
                .map((schoolClass) => (
                  <option key={schoolClass.id} value={schoolClass.id}>
                    {schoolClass.name} ({schoolClass.teacherName})
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        {t('planning.slots.weekday')}
        <select value={draft.weekday} onChange={(e) => set('weekday', Number(e.target.value))}>
          {WEEKDAYS.map((day) => (
            <option key={day} value={day}>
              {t(`planning.weekdays.${day}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planning.slots.startTime')}
        <input
          type="time"
          required
          value={draft.startTime}
          onChange={(e) => set('startTime', e.target.value)}
        />
      </label>
      <label>
        {t('planning.slots.duration')}
        <input
          type="number"
          min={15}
          max={60}
          step={5}
          value={draft.durationMinutes}
          onChange={(e) => set('durationMinutes', Number(e.target.value))}
        />
      </label>
      <label>
        {t('planning.slots.validFrom')}
        <input
          type="date"
          value={draft.validFrom}
          onChange={(e) => set('validFrom', e.target.value)}
        />
      </label>
      <label>
        {t('planning.slots.validUntil')}
        <input
          type="date"
          value={draft.validUntil}
          onChange={(e) => set('validUntil', e.target.value)}
        />
      </label>
    </div>
  );
}
