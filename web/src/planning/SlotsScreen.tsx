import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WeeklySlot } from '../api/planning';
import { todayIso } from './dates';
import { allTerms, classNames, tutorName, usePlanning } from './directory';
import { HolidayImportPanel } from './HolidayImportPanel';
import { draftOf, SlotForm, type SlotDraft } from './SlotForm';
import { termFor } from './TimetableScreen';
import { toError, useLoad } from './useLoad';

/** Coordinator: create, edit and delete weekly slots of a term. */
export function SlotsScreen() {
  const { t } = useTranslation();
  const { api, schoolYears } = usePlanning();
  const terms = allTerms(schoolYears);
  const [termId] = useState(() => termFor(terms, todayIso())?.id ?? '');
  const [editing, setEditing] = useState<WeeklySlot | undefined>();
  const [message, setMessage] = useState('');
  const [formKey, setFormKey] = useState(0);
  const slots = useLoad(termId, () => api.call('listSlots', { query: { termId } }));
  const blank: SlotDraft = {
    termId,
    tutorId: '',
    classIds: [],
    weekday: 2,
    startTime: '14:00',
    durationMinutes: 30,
    validFrom: '',
    validUntil: '',
  };
  const restart = (next: WeeklySlot | undefined) => {
    setEditing(next);
    setFormKey((value) => value + 1);
  };
  const onSaved = (text: string) => {
    setMessage(text);
    restart(undefined);
    slots.reload();
  };
  const remove = (slot: WeeklySlot) => {
    if (!window.confirm(t('planning.slots.confirmDelete'))) return;
    api
      .call('deleteSlot', { params: { id: slot.id } })
      .then(slots.reload, (e: unknown) => setMessage(toError(e).message));
  };
  return (
    <div className="slots-screen">
      <h1>{t('planning.slots.heading')}</h1>
      <p role="status" className="ok-text">
        {message}
      </p>
      <SlotForm
        key={formKey}
        initial={editing ? draftOf(editing) : blank}
        editing={editing}
        onSaved={onSaved}
        onCancelEdit={() => restart(undefined)}
      />
      <SlotTable slots={slots.data?.slots ?? []} onEdit={restart} onDelete={remove} />
      <HolidayImportPanel onApplied={slots.reload} />
    </div>
  );
}

interface SlotTableProps {
  slots: WeeklySlot[];
  onEdit: (slot: WeeklySlot) => void;
  onDelete: (slot: WeeklySlot) => void;
}

function SlotTable({ slots, onEdit, onDelete }: SlotTableProps) {
  const { t } = useTranslation();
  const { classes, tutors } = usePlanning();
  return (
    <section aria-labelledby="existing-slots">
      <h2 id="existing-slots">{t('planning.slots.existing')}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('planning.slots.weekday')}</th>
            <th scope="col">{t('planning.slots.startTime')}</th>
            <th scope="col">{t('planning.slots.tutor')}</th>
            <th scope="col">{t('planning.slots.classes')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('planning.slots.edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {slots.map((slot) => (
            <tr key={slot.id}>
              <td>{t(`planning.weekdays.${slot.weekday}`)}</td>
              <td>{slot.startTime}</td>
              <td>{tutorName(tutors, slot.tutorId)}</td>
              <th scope="row">{classNames(classes, slot.classIds)}</th>
              <td className="row-actions">
                <button type="button" onClick={() => onEdit(slot)}>
                  {t('planning.slots.edit')}
                  <span className="visually-hidden"> {classNames(classes, slot.classIds)}</span>
                </button>
                <button type="button" className="danger" onClick={() => onDelete(slot)}>
                  {t('planning.slots.delete')}
                  <span className="visually-hidden"> {classNames(classes, slot.classIds)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
