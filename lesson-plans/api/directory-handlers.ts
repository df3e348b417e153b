import { loadHolidayCalendar } from '../calendar/holidays';
import type { PlanningStore } from '../store/open';
import { failure, found, unwrap } from './http';
import type { PlanningHandlers } from './planning-handlers';

type DirectoryHandlers = Pick<
  PlanningHandlers,
  | 'listSchools'
  | 'getSchool'
  | 'createSchool'
  | 'listClasses'
  | 'getClass'
  | 'createClass'
  | 'listTutors'
  | 'createTutor'
  | 'listInspectors'
  | 'createInspector'
  | 'listSchoolYears'
  | 'createSchoolYear'
  | 'listHolidays'
  | 'importHolidays'
  | 'previewHolidayImport'
  | 'applyHolidayImport'
>;

/** Schools, classes, people, school years and holiday calendars. */
export function directoryHandlers(store: PlanningStore): DirectoryHandlers {
  return {
    listSchools: async () => ({ schools: await store.listSchools() }),
    getSchool: async ({ params: { id } }) => ({
      school: found(await store.getSchool(id), `school ${id}`),
    }),
    createSchool: async ({ body }) => ({ school: unwrap(await store.createSchool(body)) }),
    listClasses: async ({ principal, query: { schoolId } }) => {
      // A teacher sees only her own classes.
      const teacherId = principal.role === 'teacher' ? principal.userId : undefined;
      return { classes: await store.listClasses({ schoolId, teacherId }) };
    },
    getClass: async ({ principal, params: { id } }) => {
      const schoolClass = await store.getClass(id);
      const hidden = principal.role === 'teacher' && schoolClass?.teacherId !== principal.userId;
      return { class: found(hidden ? undefined : schoolClass, `class ${id}`) };
    },
    createClass: async ({ body }) => ({ class: unwrap(await store.createClass(body)) }),
    listTutors: async () => ({ tutors: await store.listTutors() }),
    createTutor: async ({ body }) => ({ tutor: unwrap(await store.createTutor(body)) }),
    listInspectors: async () => ({ inspectors: await store.listInspectors() }),
    createInspector: async ({ body }) => ({ inspector: unwrap(await store.createInspector(body)) }),
    listSchoolYears: async () => ({ schoolYears: await store.listSchoolYears() }),
    createSchoolYear: async ({ body: { year, terms } }) => ({
      schoolYear: unwrap(await store.createSchoolYear(year, terms)),
    }),
    listHolidays: async ({ query }) => ({
      periods: await store.listHolidayPeriods(query),
      publicHolidays: await store.listPublicHolidays(),
    }),
    importHolidays: async ({ query: { zone }, upload }) => {
      const text = upload.file ? upload.file.buffer.toString('utf8') : (upload.text ?? '');
      if (!text.trim())
        throw failure('invalid_request', 'send the .ics as text/calendar or multipart "file"');
      const periods = unwrap(loadHolidayCalendar(text, { zone }));
      const source = upload.file?.originalname ?? 'upload';
      return { import: await store.importHolidayPeriods(periods, source) };
    },
    // A reviewed change: the apply carries the preview's digest, so what is applied is
    // what was reviewed (else 409, preview again).
    previewHolidayImport: async ({ body: { ics, zone } }) => {
      const periods = unwrap(loadHolidayCalendar(ics, { zone }));
      return { preview: unwrap(await store.previewHolidayImport(periods)) };
    },
    applyHolidayImport: async ({ body: { ics, zone, digest, source } }) => {
      const periods = unwrap(loadHolidayCalendar(ics, { zone }));
      return { import: unwrap(await store.applyHolidayImport(periods, source, { digest })) };
    },
  };
}
