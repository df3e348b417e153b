import { useTranslation } from 'react-i18next';
import { usePlanning } from './directory';

export interface Filters {
  tutorId: string;
  schoolId: string;
  classId: string;
}

/** Tutor, school and class narrow the timetable; choosing a school narrows the class list. */
export function TimetableFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (filters: Filters) => void;
}) {
  const { t } = useTranslation();
  const { tutors, schools, classes } = usePlanning();
  const visibleClasses = filters.schoolId
    ? classes.filter((schoolClass) => schoolClass.schoolId === filters.schoolId)
    : classes;
  const all = <option value="">{t('planning.timetable.all')}</option>;
  return (
    <div className="filters">
      <label>
        {t('planning.timetable.tutor')}
        <select
          value={filters.tutorId}
          onChange={(event) => onChange({ ...filters, tutorId: event.target.value })}
        >
          {all}
          {tutors.map((tutor) => (
            <option key={tutor.id} value={tutor.id}>
              {tutor.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planning.timetable.school')}
        <select
          value={filters.schoolId}
          onChange={(event) => onChange({ ...filters, schoolId: event.target.value, classId: '' })}
        >
          {all}
          {schools.map((school) => (
            <option key={school.id} value={school.id}>
              {school.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planning.timetable.class')}
        <select
          value={filters.classId}
          onChange={(event) => onChange({ ...filters, classId: event.target.value })}
        >
          {all}
          {visibleClasses.map((schoolClass) => (
            <option key={schoolClass.id} value={schoolClass.id}>
              {schoolClass.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
