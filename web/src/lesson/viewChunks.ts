/** Each role's view is its own chunk: the whiteboard PC downloads only the classroom's. */
export const VIEW_CHUNKS = {
  classroom: () => import('../classroom/ClassroomView'),
  tutor: () => import('../tutor/TutorConsole'),
  inspector: () => import('../inspector/InspectorView'),
};

/**
 * Starts downloading the role's view while the page joins, instead of once joined, when the
 * view is first rendered: its chunk (the board's Yjs with it) was on the first frame's path.
 */
export function preloadView(role: string | undefined): void {
  if (role === 'classroom' || role === 'tutor' || role === 'inspector')
    void VIEW_CHUNKS[role]().catch(() => undefined); // the render's own import reports failures
}
