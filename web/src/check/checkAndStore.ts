import { CLASSROOM_API } from '../../../lesson-plans/contract/classroom';
import { PLANNING_API } from '../../../lesson-plans/contract/planning';
import { createApiClient } from '../api/client';
import { runCheck, type CheckProgress, type CheckResult } from './runCheck';

/** Who runs the check: a whiteboard (its key; the result is stored) or a coordinator's computer. */
export type CheckCredential =
  { kind: 'whiteboard'; key: string } | { kind: 'planning'; token: string };

/** A check token, the whole check, then (for a whiteboard) its result stored. */
export async function checkAndStore(
  credential: CheckCredential,
  onProgress: (progress: CheckProgress) => void,
): Promise<CheckResult & { progress: CheckProgress; stored: boolean }> {
  const classroom =
    credential.kind === 'whiteboard' ? createApiClient(CLASSROOM_API, credential.key) : null;
  const { token } = classroom
    ? await classroom.call('readinessToken')
    : await createApiClient(
        PLANNING_API,
        credential.kind === 'planning' ? credential.token : '',
      ).call('readinessCheckToken');
  let last: CheckProgress | null = null;
  const result = await runCheck(token, (progress) => {
    last = progress;
    onProgress(progress);
  });
  if (!last) throw new Error('the check made no progress');
  // Stored for the coordinator's readiness screen and the tutor (this whiteboard's class only).
  if (classroom) await classroom.call('saveReadiness', { body: result.report });
  return { ...result, progress: last, stored: classroom !== null };
}
