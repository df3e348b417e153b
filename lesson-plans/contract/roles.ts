import { z } from 'zod';

/**
 * The roles of the whole system, declared once (zod only, so the browser imports them):
 * who takes part in a lesson (signaling/protocol/roles.ts re-exports these), and who
 * works in the planning. They coincide except for the class, which is a `classroom` in
 * a lesson and its `teacher` in the planning, and the pupil at home (issue 13), who is a
 * lesson role only: a pupil link names one pupil by first name or initials, never an account.
 */
export const LESSON_ROLES = ['tutor', 'classroom', 'inspector', 'coordinator', 'pupil'] as const;
export const lessonRoleSchema = z.enum(LESSON_ROLES);
export type LessonRole = z.infer<typeof lessonRoleSchema>;

export const PLANNING_ROLES = ['coordinator', 'tutor', 'teacher', 'inspector'] as const;
export const planningRoleSchema = z.enum(PLANNING_ROLES);
export type PlanningRole = z.infer<typeof planningRoleSchema>;
