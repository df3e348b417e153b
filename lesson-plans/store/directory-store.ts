import type { Inspector, School, SchoolClass, SchoolYear, Term, Tutor } from '../domain/model';
import {
  ClassLevelSchema,
  HolidayZoneSchema,
  LocalRegionSchema,
  defaultLocalRegion,
} from '../domain/model';
import type { Result } from '../domain/result';
import { PlanningFailure, fail, ok } from '../domain/result';
import type { StoreContext } from './context';
import { inTransaction } from './context';
import type { PlanningDatabase } from './schema';

type Row<T extends keyof PlanningDatabase> = PlanningDatabase[T];

export const toSchool = (row: Row<'schools'>): School => ({
  id: row.id,
  name: row.name,
  town: row.town,
  academie: row.academie,
  holidayZone: HolidayZoneSchema.parse(row.holiday_zone),
  localRegion: row.local_region ? LocalRegionSchema.parse(row.local_region) : null,
});

export const toClass = (row: Row<'classes'>): SchoolClass => ({
  id: row.id,
  schoolId: row.school_id,
  name: row.name,
  level: ClassLevelSchema.parse(row.level),
  teacherId: row.teacher_id,
  teacherName: row.teacher_name,
  whiteboardEndpoint: row.whiteboard_endpoint,
});

const toTerm = (row: Row<'terms'>): Term => ({
  id: row.id,
  schoolYearId: row.school_year_id,
  name: row.name,
  startDate: row.start_date,
  endDate: row.end_date,
});

export function createDirectoryStore(ctx: StoreContext) {
  const { db } = ctx;
  // Methods refer to `directory`, not `this`, so callers may destructure them.
  const directory = {
    async createSchool(school: School): Promise<Result<School>> {
      if (
        await db.selectFrom('schools').select('id').where('id', '=', school.id).executeTakeFirst()
      )
        return fail('conflict', `school ${school.id} already exists`);
      await db
        .insertInto('schools')
        .values({
          id: school.id,
          name: school.name,
          town: school.town,
          academie: school.academie,
          holiday_zone: school.holidayZone,
          local_region: school.localRegion ?? defaultLocalRegion(school.academie),
        })
        .execute();
      return ok(school);
    },
    async listSchools(): Promise<School[]> {
      return (
        await db.selectFrom('schools').selectAll().orderBy('name').orderBy('id').execute()
      ).map(toSchool);
    },
    async getSchool(id: string): Promise<School | undefined> {
      const row = await db
        .selectFrom('schools')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toSchool(row);
    },
    async createClass(schoolClass: SchoolClass): Promise<Result<SchoolClass>> {
      if (!(await directory.getSchool(schoolClass.schoolId)))
        return fail('not_found', `school ${schoolClass.schoolId} does not exist`);
      if (await directory.getClass(schoolClass.id))
        return fail('conflict', `class ${schoolClass.id} already exists`);
      await db.insertInto('classes').values(classRow(schoolClass)).execute();
      return ok(schoolClass);
    },
    async listClasses(filter: { schoolId?: string; teacherId?: string } = {}) {
      let query = db
        .selectFrom('classes')
        .selectAll()
        .orderBy('school_id')
        .orderBy('name')
        .orderBy('id');
      if (filter.schoolId) query = query.where('school_id', '=', filter.schoolId);
      if (filter.teacherId) query = query.where('teacher_id', '=', filter.teacherId);
      return (await query.execute()).map(toClass);
    },
    async getClass(id: string): Promise<SchoolClass | undefined> {
      const row = await db
        .selectFrom('classes')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toClass(row);
    },
    async createTutor(tutor: Tutor): Promise<Result<Tutor>> {
      if (await directory.getTutor(tutor.id))
        return fail('conflict', `tutor ${tutor.id} already exists`);
      await db.insertInto('tutors').values(personRow(tutor)).execute();
      return ok(tutor);
    },
    async listTutors(): Promise<Tutor[]> {
      const rows = await db
        .selectFrom('tutors')
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({ id: row.id, name: row.name, timeZone: row.time_zone }));
    },
    async getTutor(id: string): Promise<Tutor | undefined> {
      const row = await db.selectFrom('tutors').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, name: row.name, timeZone: row.time_zone };
    },
    async createInspector(inspector: Inspector): Promise<Result<Inspector>> {
      if (await directory.getInspector(inspector.id))
        return fail('conflict', `inspector ${inspector.id} already exists`);
      await db.insertInto('inspectors').values(personRow(inspector)).execute();
      return ok(inspector);
    },
    async listInspectors(): Promise<Inspector[]> {
      const rows = await db
        .selectFrom('inspectors')
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({ id: row.id, name: row.name, timeZone: row.time_zone }));
    },
    async getInspector(id: string): Promise<Inspector | undefined> {
      const row = await db
        .selectFrom('inspectors')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { id: row.id, name: row.name, timeZone: row.time_zone };
    },
    createSchoolYear: (year: SchoolYear, terms: Term[]) => createSchoolYear(ctx, year, terms),
    async listSchoolYears(): Promise<Array<SchoolYear & { terms: Term[] }>> {
      const years = await db
        .selectFrom('school_years')
        .selectAll()
        .orderBy('start_date')
        .orderBy('id')
        .execute();
      const terms = (
        await db.selectFrom('terms').selectAll().orderBy('start_date').orderBy('id').execute()
      ).map(toTerm);
      return years.map((year) => ({
        id: year.id,
        startDate: year.start_date,
        endDate: year.end_date,
        terms: terms.filter((term) => term.schoolYearId === year.id),
      }));
    },
    async getTerm(id: string): Promise<Term | undefined> {
      const row = await db.selectFrom('terms').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toTerm(row);
    },
  };
  return directory;
}

function classRow(schoolClass: SchoolClass): Row<'classes'> {
  return {
    id: schoolClass.id,
    school_id: schoolClass.schoolId,
    name: schoolClass.name,
    level: schoolClass.level,
    teacher_id: schoolClass.teacherId,
    teacher_name: schoolClass.teacherName,
    whiteboard_endpoint: schoolClass.whiteboardEndpoint,
  };
}

function personRow(person: Tutor | Inspector) {
  return { id: person.id, name: person.name, time_zone: person.timeZone };
}

async function createSchoolYear(
  ctx: StoreContext,
  year: SchoolYear,
  terms: Term[],
): Promise<Result<SchoolYear & { terms: Term[] }>> {
  const outside = terms.find((t) => t.startDate < year.startDate || t.endDate > year.endDate);
  if (outside) return fail('invalid_request', `term ${outside.id} lies outside the school year`);
  if (terms.some((t) => t.schoolYearId !== year.id))
    return fail('invalid_request', 'every term must belong to the school year');
  return inTransaction(ctx.db, async (trx) => {
    const existing = await trx
      .selectFrom('school_years')
      .select('id')
      .where('id', '=', year.id)
      .executeTakeFirst();
    if (existing) throw conflictFailure(`school year ${year.id} already exists`);
    await trx
      .insertInto('school_years')
      .values({ id: year.id, start_date: year.startDate, end_date: year.endDate })
      .execute();
    for (const term of terms) {
      const taken = await trx
        .selectFrom('terms')
        .select('id')
        .where('id', '=', term.id)
        .executeTakeFirst();
      // The year row is already written: throwing rolls it back with the terms.
      if (taken) throw conflictFailure(`term ${term.id} already exists`);
      await trx
        .insertInto('terms')
        .values({
          id: term.id,
          school_year_id: year.id,
          name: term.name,
          start_date: term.startDate,
          end_date: term.endDate,
        })
        .execute();
    }
    return { ...year, terms };
  });
}

function conflictFailure(message: string) {
  return new PlanningFailure({ code: 'conflict', message });
}

export type DirectoryStore = ReturnType<typeof createDirectoryStore>;
