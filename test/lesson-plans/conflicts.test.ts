import { describe, expect, it } from 'vitest';
import type { BookedInterval } from '../../lesson-plans/index';
import {
  DEFAULT_PLANNING_RULES,
  PlanningRulesSchema,
  findBookingConflicts,
  schoolHoursConflict,
} from '../../lesson-plans/index';

const at = (iso: string) => Date.parse(iso);
function lesson(
  id: string,
  tutorId: string,
  classIds: string[],
  start: string,
  minutes = 30,
): BookedInterval {
  return {
    sessionId: id,
    tutorId,
    classIds,
    startMs: at(start),
    endMs: at(start) + minutes * 60_000,
  };
}

describe('booking conflicts (sort and sweep)', () => {
  const rules = { tutorBufferMinutes: 10 };

  it('reports a tutor in two places at once', () => {
    const existing = [lesson('a', 'emily', ['c1'], '2026-12-01T13:00:00Z')];
    const candidate = [lesson('b', 'emily', ['c2'], '2026-12-01T13:15:00Z')];
    const conflicts = findBookingConflicts(candidate, existing, rules);
    expect(conflicts).toMatchObject([
      { code: 'tutor_double_booked', sessionId: 'b', conflictingSessionId: 'a', tutorId: 'emily' },
    ]);
  });

  it('enforces the buffer between two lessons of one tutor, and only that', () => {
    const existing = [lesson('a', 'emily', ['c1'], '2026-12-01T13:00:00Z')];
    const fiveMinutesLater = [lesson('b', 'emily', ['c2'], '2026-12-01T13:35:00Z')];
    const tenMinutesLater = [lesson('c', 'emily', ['c2'], '2026-12-01T13:40:00Z')];
    expect(findBookingConflicts(fiveMinutesLater, existing, rules)[0]?.message).toMatch(
      /10 minutes/,
    );
    expect(findBookingConflicts(tenMinutesLater, existing, rules)).toEqual([]);
    expect(findBookingConflicts(fiveMinutesLater, existing, { tutorBufferMinutes: 0 })).toEqual([]);
  });

  it('reports a class booked twice with different tutors, without buffer', () => {
    const existing = [lesson('a', 'emily', ['c1', 'c2'], '2026-12-01T13:00:00Z')];
    const candidate = [lesson('b', 'oliver', ['c2'], '2026-12-01T13:29:00Z')];
    expect(findBookingConflicts(candidate, existing, rules)).toMatchObject([
      { code: 'class_double_booked', classId: 'c2', sessionId: 'b' },
    ]);
    const adjacent = [lesson('c', 'oliver', ['c2'], '2026-12-01T13:30:00Z')];
    expect(findBookingConflicts(adjacent, existing, rules)).toEqual([]);
  });

  it('finds a candidate hidden under a long booking (max-end sweep)', () => {
    const existing = [
      lesson('long', 'emily', ['c1'], '2026-12-01T08:00:00Z', 240),
      lesson('short', 'emily', ['c3'], '2026-12-01T09:00:00Z'),
    ];
    const candidate = [lesson('new', 'emily', ['c2'], '2026-12-01T10:00:00Z')];
    const conflicts = findBookingConflicts(candidate, existing, rules);
    expect(conflicts.map((c) => c.conflictingSessionId)).toEqual(['long']);
  });

  it('ignores conflicts among existing lessons only', () => {
    const existing = [
      lesson('a', 'emily', ['c1'], '2026-12-01T13:00:00Z'),
      lesson('b', 'emily', ['c2'], '2026-12-01T13:00:00Z'),
    ];
    expect(findBookingConflicts([], existing, rules)).toEqual([]);
  });
});

describe('school hours', () => {
  const check = (iso: string, minutes = 30) =>
    schoolHoursConflict(
      { sessionId: 's', startMs: at(iso), endMs: at(iso) + minutes * 60_000 },
      DEFAULT_PLANNING_RULES,
    );

  it('accepts 14:00 Paris on a Tuesday in winter and in summer time', () => {
    expect(check('2026-12-01T13:00:00Z')).toBeNull();
    expect(check('2027-06-01T12:00:00Z')).toBeNull();
  });

  it('refuses Wednesday afternoon, the weekend, and lessons spilling past 16:30', () => {
    expect(check('2026-12-02T13:00:00Z')?.code).toBe('outside_school_hours');
    expect(check('2026-12-05T09:00:00Z')?.message).toMatch(/no school on Saturday/);
    expect(check('2026-12-01T15:15:00Z')?.code).toBe('outside_school_hours');
    expect(check('2026-12-02T09:00:00Z')).toBeNull();
  });

  it('lets a town configure its school days', () => {
    const rules = PlanningRulesSchema.parse({
      schoolHours: { ...DEFAULT_PLANNING_RULES.schoolHours, '3': null },
    });
    const wednesdayMorning = {
      sessionId: 's',
      startMs: at('2026-12-02T09:00:00Z'),
      endMs: at('2026-12-02T09:30:00Z'),
    };
    expect(schoolHoursConflict(wednesdayMorning, rules)?.code).toBe('outside_school_hours');
  });
});
