import { useEffect, useState } from 'react';
import { ApiError, type NewWeeklySlot, type PlanningApi, type SlotCheck } from '../api/planning';

/** Wait for typing to settle before asking the server; each check expands a whole term. */
const SLOT_CHECK_DEBOUNCE_MS = 400;

export type SlotCheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'checked'; check: SlotCheck }
  | { status: 'invalid'; message: string };

/**
 * Runs `POST /slots/check` as the form changes, so conflicts show before saving. When editing,
 * `replacing` lets the server ignore the lessons the new version would replace.
 */
export function useSlotCheck(
  api: PlanningApi,
  slot: NewWeeklySlot | null,
  replacing?: string,
): SlotCheckState {
  const [state, setState] = useState<SlotCheckState>({ status: 'idle' });
  const key = slot ? JSON.stringify({ slot, replacing }) : '';
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ status: 'checking' });
      const request = JSON.parse(key) as { slot: NewWeeklySlot; replacing?: string };
      api
        .call(
          'checkSlot',
          { body: { ...request.slot, replacing: request.replacing } },
          { signal: controller.signal },
        )
        .then(
          (check) => setState({ status: 'checked', check }),
          (error: unknown) => {
            if (controller.signal.aborted) return;
            const message = error instanceof ApiError ? error.message : String(error);
            setState({ status: 'invalid', message });
          },
        );
    }, SLOT_CHECK_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, key]);
  return key ? state : { status: 'idle' };
}
