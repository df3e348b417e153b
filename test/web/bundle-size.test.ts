import { describe, expect, it } from 'vitest';
import { CLASSROOM_BUDGET_GZIP_BYTES, measureViews } from '../../scripts/bundle-size';

describe('what the whiteboard downloads', () => {
  it('keeps the classroom page’s initial JavaScript within 250 KB gzipped', () => {
    const views = measureViews();
    const classroom = views.find((view) => view.view === 'classroom');
    expect(classroom?.files.some((file) => file.includes('ClassroomView'))).toBe(true);
    expect(classroom!.jsGzipBytes).toBeLessThanOrEqual(CLASSROOM_BUDGET_GZIP_BYTES);
  });

  it('keeps the pupil at home’s page within the same budget, without the planning screens', () => {
    const pupil = measureViews().find((view) => view.view === 'pupil');
    expect(pupil?.files.some((file) => file.includes('PupilView'))).toBe(true);
    expect(pupil?.files.some((file) => file.includes('PlanningApp'))).toBe(false);
    console.info(`pupil page: ${(pupil!.jsGzipBytes / 1024).toFixed(1)} KB of JavaScript gzipped`);
    expect(pupil!.jsGzipBytes).toBeLessThanOrEqual(CLASSROOM_BUDGET_GZIP_BYTES);
  });

  it('does not make the classroom download the coordinator’s screens', () => {
    const classroom = measureViews().find((view) => view.view === 'classroom');
    expect(classroom?.files.some((file) => file.includes('PlanningApp'))).toBe(false);
  });
});
