import express from 'express';
import multer from 'multer';
import { z } from 'zod';
import { loadHolidayCalendar } from '../calendar/holidays';
import {
  HolidayZoneSchema,
  IdSchema,
  InspectorSchema,
  LocalDateSchema,
  SchoolClassSchema,
  SchoolSchema,
  SchoolYearSchema,
  TermSchema,
  TutorSchema,
} from '../domain/model';
import type { PlanningStore } from '../store/open';
import { requireCapability } from './access';
import { failure, found, json, parseInput, principalOf, unwrap } from './http';

const HOLIDAY_FILE_MAX_BYTES = 1024 * 1024;
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: HOLIDAY_FILE_MAX_BYTES, files: 1 },
});
export const SchoolYearInputSchema = z
  .object({ year: SchoolYearSchema, terms: z.array(TermSchema).min(1).max(6) })
  .strict();
export const HolidayQuerySchema = z.object({
  zone: HolidayZoneSchema.optional(),
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
});
export const ImportQuerySchema = z.object({ zone: HolidayZoneSchema.optional() });
const IdParamSchema = z.object({ id: IdSchema });

/** Schools, classes, people, school years and holiday calendars. */
export function directoryRoutes(store: PlanningStore): express.Router {
  const router = express.Router();
  const write = (res: express.Response) => requireCapability(principalOf(res), 'directory.write');
  const read = (res: express.Response) => requireCapability(principalOf(res), 'directory.read');

  router.get(
    '/schools',
    json(async (_req, res) => (read(res), { schools: await store.listSchools() })),
  );
  router.get(
    '/schools/:id',
    json(async (req, res) => {
      read(res);
      const { id } = parseInput(IdParamSchema, req.params, 'school id');
      return { school: found(await store.getSchool(id), `school ${id}`) };
    }),
  );
  router.post(
    '/schools',
    json(async (req, res) => {
      write(res);
      return {
        school: unwrap(await store.createSchool(parseInput(SchoolSchema, req.body, 'school'))),
      };
    }, 201),
  );

  router.get(
    '/classes',
    json(async (req, res) => {
      read(res);
      const principal = principalOf(res);
      const { schoolId } = parseInput(
        z.object({ schoolId: IdSchema.optional() }),
        req.query,
        'query',
      );
      // A teacher sees only her own classes.
      const teacherId = principal.role === 'teacher' ? principal.userId : undefined;
      return { classes: await store.listClasses({ schoolId, teacherId }) };
    }),
  );
  router.get(
    '/classes/:id',
    json(async (req, res) => {
      read(res);
      const principal = principalOf(res);
      const { id } = parseInput(IdParamSchema, req.params, 'class id');
      const schoolClass = await store.getClass(id);
      const hidden = principal.role === 'teacher' && schoolClass?.teacherId !== principal.userId;
      return { class: found(hidden ? undefined : schoolClass, `class ${id}`) };
    }),
  );
  router.post(
    '/classes',
    json(async (req, res) => {
      write(res);
      return {
        class: unwrap(await store.createClass(parseInput(SchoolClassSchema, req.body, 'class'))),
      };
    }, 201),
  );

  router.get(
    '/tutors',
    json(async (_req, res) => (read(res), { tutors: await store.listTutors() })),
  );
  router.post(
    '/tutors',
    json(async (req, res) => {
      write(res);
      return { tutor: unwrap(await store.createTutor(parseInput(TutorSchema, req.body, 'tutor'))) };
    }, 201),
  );
  router.get(
    '/inspectors',
    json(async (_req, res) => (read(res), { inspectors: await store.listInspectors() })),
  );
  router.post(
    '/inspectors',
    json(async (req, res) => {
      write(res);
      const inspector = parseInput(InspectorSchema, req.body, 'inspector');
      return { inspector: unwrap(await store.createInspector(inspector)) };
    }, 201),
  );

  router.get(
    '/school-years',
    json(async (_req, res) => (read(res), { schoolYears: await store.listSchoolYears() })),
  );
  router.post(
    '/school-years',
    json(async (req, res) => {
      write(res);
      const { year, terms } = parseInput(SchoolYearInputSchema, req.body, 'school year');
      return { schoolYear: unwrap(await store.createSchoolYear(year, terms)) };
    }, 201),
  );

  router.get(
    '/holidays',
    json(async (req, res) => {
      read(res);
      const filter = parseInput(HolidayQuerySchema, req.query, 'query');
      return {
        periods: await store.listHolidayPeriods(filter),
        publicHolidays: await store.listPublicHolidays(),
      };
    }),
  );
  router.post(
    '/holidays/import',
    (_req, res, next) => (requireCapability(principalOf(res), 'holiday.import'), next()),
    express.text({ type: ['text/calendar', 'text/plain'], limit: HOLIDAY_FILE_MAX_BYTES }),
    upload.single('file'),
    json(async (req) => {
      const { zone } = parseInput(ImportQuerySchema, req.query, 'query');
      const text = req.file
        ? req.file.buffer.toString('utf8')
        : typeof req.body === 'string'
          ? req.body
          : '';
      if (!text.trim())
        throw failure('invalid_request', 'send the .ics as text/calendar or multipart "file"');
      const periods = unwrap(loadHolidayCalendar(text, { zone }));
      return {
        import: await store.importHolidayPeriods(periods, req.file?.originalname ?? 'upload'),
      };
    }, 201),
  );
  return router;
}
