import { deflateSync } from 'node:zlib';
import type { TestServer } from './server';

/** A real w×h PNG of one colour, so a browser can decode and display it. */
export function solidPng(width = 8, height = 8, rgb: [number, number, number] = [200, 30, 30]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array(height).fill(row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Uploads `bytes` as a material with `token` (a person's API token); answers the response. */
export async function uploadMaterial(
  server: TestServer,
  token: string,
  file: { bytes: Uint8Array; type: string; name: string; kind: string },
): Promise<Response> {
  const form = new FormData();
  form.set('name', file.name);
  form.set('kind', file.kind);
  form.set('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return fetch(`${server.url}/api/planning/materials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

/** Adds a material to a lesson's plan, as its tutor. */
export async function addToPlan(
  server: TestServer,
  token: string,
  sessionId: string,
  materialId: string,
): Promise<void> {
  const url = `${server.url}/api/planning/sessions/${sessionId}/plan`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { plan } = (await (await fetch(url, { headers })).json()) as {
    plan: { version: number; materialIds: string[] };
  };
  const body = JSON.stringify({
    materialIds: [...plan.materialIds, materialId],
    expectedVersion: plan.version,
  });
  const saved = await fetch(url, { method: 'PUT', headers, body });
  if (!saved.ok) throw new Error(`plan not saved: ${saved.status} ${await saved.text()}`);
}
