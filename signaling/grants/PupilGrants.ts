import type { Capability, GrantableCapability, PupilGrants as PupilGrantsInfo } from '../protocol';

/** The grants of the wire (`grantPupil`) and the capability each one gives. */
export type GrantName = 'microphone' | 'drawing';
export const GRANT_CAPABILITY: Readonly<Record<GrantName, GrantableCapability>> = {
  microphone: 'produceMicrophone',
  drawing: 'drawBoard',
};

/**
 * Who holds the floor or the pen in one lesson: the one owner of every grant (its
 * LessonSession keeps it). Nothing else keeps a "may speak" flag: the dispatcher, the produce
 * path and the pages all ask here, through `LessonSession.can`. A grant lives as long as the
 * connection: a pupil who reconnects asks again.
 */
export class PupilGrants {
  readonly #granted = new Map<string, Set<GrantableCapability>>();

  has(participantId: string, capability: Capability): boolean {
    return this.#granted.get(participantId)?.has(capability as GrantableCapability) ?? false;
  }

  /** Gives or takes back one grant; false when it was already so. */
  set(participantId: string, grant: GrantName, granted: boolean): boolean {
    const capability = GRANT_CAPABILITY[grant];
    const held = this.#granted.get(participantId) ?? new Set<GrantableCapability>();
    if (held.has(capability) === granted) return false;
    if (granted) held.add(capability);
    else held.delete(capability);
    if (held.size > 0) this.#granted.set(participantId, held);
    else this.#granted.delete(participantId);
    return true;
  }

  of(participantId: string): PupilGrantsInfo {
    return {
      participantId,
      microphone: this.has(participantId, GRANT_CAPABILITY.microphone),
      drawing: this.has(participantId, GRANT_CAPABILITY.drawing),
    };
  }

  forget(participantId: string): void {
    this.#granted.delete(participantId);
  }
}
