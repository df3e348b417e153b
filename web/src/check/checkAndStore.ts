import { CLASSROOM_API } from '../../../lesson-plans/contract/classroom';
import { createApiClient } from '../api/client';
import { runCheck, type CheckProgress, type CheckResult } from './runCheck';

/** A check token from the whiteboard's key, the whole check, then its result stored. */
export async function checkAndStore(
  classKey: string,
  onProgress: (progress: CheckProgress) => void,
): Promise<CheckResult & { progress: CheckProgress }> {
  const api = createApiClient(CLASSROOM_API, classKey);
  const { token } = await api.call('readinessToken');
  let last: CheckProgress | null = null;
  const result = await runCheck(token, (progress) => {
    last = progress;
    onProgress(progress);
  });
  if (!last) throw new Error('the check made no progress');
  // Stored for the coordinator's readiness screen and the tutor (this whiteboard's class only).
  await api.call('saveReadiness', { body: result.report });
  return { ...result, progress: last };
}
