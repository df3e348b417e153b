export { LessonMedia } from './LessonMedia';
export type { LessonMediaHooks } from './LessonMedia';
export { LessonMembers } from './LessonMembers';
export type { ParticipantState } from './LessonMembers';
