import { CLASSROOM_API, ClassroomLessonSchema, type ClassroomLesson } from './classroom';
import { CREDENTIALS_API } from './credentials';
import { ENT_API } from './ent';
import { PLANNING_API } from './planning';
import { PUPIL_API } from './pupil';
import { FAMILY_API } from './recap';

export {
  CLASSROOM_API,
  ClassroomLessonSchema,
  CREDENTIALS_API,
  ENT_API,
  FAMILY_API,
  PLANNING_API,
  PUPIL_API,
};
export type { ClassroomLesson };

/** Every REST API of Passerelle, each declared once. */
export const REST_APIS = [
  PLANNING_API,
  CLASSROOM_API,
  CREDENTIALS_API,
  FAMILY_API,
  ENT_API,
  PUPIL_API,
] as const;
