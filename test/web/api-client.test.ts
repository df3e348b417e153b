import { describe, expect, it } from 'vitest';
import { CLASSROOM_API } from '../../lesson-plans/contract/classroom';
import { PLANNING_API } from '../../lesson-plans/contract/planning';
import { ApiError, createApiClient } from '../../web/src/api/client';

interface Sent {
  url: string;
  init: RequestInit;
}

/** A fetch that records what the client sends and answers `body` with `status`. */
function answering(status: number, body: unknown) {
  const sent: Sent[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const SCHOOL = {
  id: 'ecole-jaures',
  name: 'École Jaurès',
  town: 'Val-de-Brume',
  academie: 'Lyon',
  holidayZone: 'A',
};

describe('the typed REST client', () => {
  it('builds the path, query and JSON body from the route, with the credential in a header only', async () => {
    const { sent, fetchImpl } = answering(200, { session: { bad: true } });
    const api = createApiClient(PLANNING_API, 'secret-token', fetchImpl);
    await api
      .call('moveSession', {
        params: { id: 'a b/c' },
        body: { date: '2026-12-01', startTime: '09:00' },
      })
      .catch(() => undefined);
    expect(sent[0]!.url).toBe('/api/planning/sessions/a%20b%2Fc/move');
    expect(sent[0]!.url).not.toContain('secret-token');
    expect(new Headers(sent[0]!.init.headers).get('authorization')).toBe('Bearer secret-token');
    expect(JSON.parse(String(sent[0]!.init.body))).toEqual({
      date: '2026-12-01',
      startTime: '09:00',
    });
    await api
      .call('listSessions', { query: { from: undefined, tz: 'Europe/Paris' } })
      .catch(() => 0);
    expect(sent[1]!.url).toBe('/api/planning/sessions?tz=Europe%2FParis');
  });

  it('parses a valid answer with the route’s response schema', async () => {
    const { fetchImpl } = answering(200, { school: SCHOOL });
    const api = createApiClient(PLANNING_API, 't', fetchImpl);
    const { school } = await api.call('getSchool', { params: { id: SCHOOL.id } });
    expect(school.name).toBe('École Jaurès');
  });

  it('refuses an answer outside the contract (ApiError internal), never casts it', async () => {
    const { fetchImpl } = answering(200, { school: { ...SCHOOL, holidayZone: 'Z' } });
    const api = createApiClient(PLANNING_API, 't', fetchImpl);
    const failure = await api.call('getSchool', { params: { id: SCHOOL.id } }).catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('internal');
    expect((failure as ApiError).message).toContain('outside the contract');
  });

  it('turns an error body into an ApiError carrying its code and details', async () => {
    const conflict = { code: 'conflict', message: 'stale', details: { conflicts: [] } };
    const { fetchImpl } = answering(409, { error: conflict });
    const api = createApiClient(PLANNING_API, 't', fetchImpl);
    const failure = (await api.call('listSchools').catch((e) => e)) as ApiError;
    expect([failure.status, failure.code, failure.message]).toEqual([409, 'conflict', 'stale']);
    expect(failure.details).toEqual({ conflicts: [] });
  });

  it('keeps the status’s code when an error body is not the error shape', async () => {
    const { fetchImpl } = answering(401, 'nope');
    const api = createApiClient(CLASSROOM_API, 't', fetchImpl);
    const failure = (await api.call('classroomLesson').catch((e) => e)) as ApiError;
    expect([failure.status, failure.code]).toEqual([401, 'unauthenticated']);
  });
});
