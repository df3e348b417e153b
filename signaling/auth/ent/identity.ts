import type { SignInOutcome } from '../../../lesson-plans/contract/ent';

/** Who the ENT says signed in: the configured identifier, and a name for a held request. */
export interface EntIdentity {
  provider: string;
  entId: string;
  displayName: string | null;
}

/**
 * Why a sign-in did not give a credential (lesson-plans/contract/ent.ts): `refused` (the
 * directory does not know the person), `held` (waiting for a coordinator), `rejected`
 * (the ENT's answer failed a check: ticket, state, ID token), `expired` (no sign-in in
 * progress for this browser), `busy` (rate limit), `unavailable` (the ENT did not answer).
 */
export type { SignInOutcome };

export interface SignInFailure {
  failure: SignInOutcome;
  /** For the log only; the page shows its own text for the outcome. */
  detail: string;
}

export const signInFailure = (failure: SignInOutcome, detail: string): SignInFailure => ({
  failure,
  detail,
});

export const isFailure = (value: object): value is SignInFailure => 'failure' in value;

/** A claim or attribute as one short string (the first of a list), or null. */
export function claimText(value: unknown): string | null {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof first === 'number') return String(first);
  if (typeof first !== 'string') return null;
  const text = first.trim();
  return text.length > 0 && text.length <= 320 ? text : null;
}
