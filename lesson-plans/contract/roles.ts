import { z } from 'zod';

/**
 * The roles of the whole system, declared once (zod only, so the browser imports them):
 * who takes part in a lesson (signaling/protocol/roles.ts re-exports these), and who
 * works in the planning. They coincide except for the class, which is a `classroom` in
 * a lesson and its `teacher` in the planning.
 */
export const LESSON_ROLES = ['tutor', 'classroom', 'inspector', 'coordinator'] as const;
export const lessonRoleSchema = z.enum(LESSON_ROLES);
export type LessonRole = z.infer<typeof lessonRoleSchema>;

export const PLANNING_ROLES = ['coordinator', 'tutor', 'teacher', 'inspector'] as const;
export const planningRoleSchema = z.enum(PLANNING_ROLES);
export type PlanningRole = z.infer<typeof planningRoleSchema>;
