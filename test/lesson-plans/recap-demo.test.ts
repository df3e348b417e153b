import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLinks } from '../../signaling/demo';
import { startTestServer, type TestServer } from '../helpers/server';

describe('the demo prints a family-recap link', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ withPlanning: true });
  });
  afterAll(async () => server?.close());

  it('opens the first class’s page with one recap built from a seeded lesson plan', async () => {
    const links = await demoLinks(server, server.planning!);
    const family = links.find((link) => link.label.startsWith('families'));
    // The demo's school year ends in July 2027: after it no term is current, so no link.
    if (new Date() > new Date('2027-07-02T20:00:00Z')) return expect(family).toBeUndefined();
    expect(family?.url).toMatch(/\/familles\/[^#]+#cle=/);
    const key = family!.url.split('#cle=')[1]!;
    const response = await fetch(`${server.url}/api/families/recaps`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as {
      recaps: { content: { objectives: string[]; vocabulary: unknown[]; homeActivity: string } }[];
    };
    expect(page.recaps).toHaveLength(1);
    expect(page.recaps[0]!.content.objectives.length).toBeGreaterThan(0);
    expect(page.recaps[0]!.content.homeActivity).toBe(
      'Chantez la chanson de la séance en famille.',
    );
    // Printing the links again rotates the link and publishes nothing more.
    const again = (await demoLinks(server, server.planning!)).find((link) =>
      link.label.startsWith('families'),
    );
    const old = await fetch(`${server.url}/api/families/recaps`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(old.status).toBe(401);
    const renewed = await fetch(`${server.url}/api/families/recaps`, {
      headers: { authorization: `Bearer ${again!.url.split('#cle=')[1]!}` },
    });
    expect(((await renewed.json()) as { recaps: unknown[] }).recaps).toHaveLength(1);
  });
});
