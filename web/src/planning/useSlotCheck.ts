import { useEffect, useState } from 'react';
import { ApiError, type NewWeeklySlot, type PlanningApi, type SlotCheck } from './api';

/** Wait for typing to settle before asking the server; each check expands a whole term. */
const SLOT_CHECK_DEBOUNCE_MS = 400;

export type SlotCheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'checked'; check: SlotCheck }
  | { status: 'invalid'; message: string };

/** Runs `POST /slots/check` as the form changes, so conflicts show before saving. */
export function useSlotCheck(api: PlanningApi, slot: NewWeeklySlot | null): SlotCheckState {
  const [state, setState] = useState<SlotCheckState>({ status: 'idle' });
  const key = slot ? JSON.stringify(slot) : '';
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ status: 'checking' });
      api.checkSlot(JSON.parse(key) as NewWeeklySlot, controller.signal).then(
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
