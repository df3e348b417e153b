import type { MATERIAL_MIME_TYPES } from '../domain/lesson-plan';

type MaterialMimeType = (typeof MATERIAL_MIME_TYPES)[number];

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  text.split('').every((char, index) => bytes[at + index] === char.charCodeAt(0));
const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  signature.every((byte, index) => bytes[index] === byte);

/** MPEG audio frame sync (11 bits set), for MP3 files without an ID3 tag. */
const isMpegFrame = (bytes: Uint8Array) =>
  bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0 && ((bytes[1] ?? 0) & 0x06) !== 0;

/**
 * The file's type read from its first bytes (magic numbers), never from what the
 * uploader declared: an HTML page declared as PNG must not be served as one
 * (issue 8, row 9). SVG is not a material type at all: it can carry script.
 */
export function sniffMaterialType(bytes: Uint8Array): MaterialMimeType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'audio/wav';
  if (ascii(bytes, 0, 'OggS')) return 'audio/ogg';
  if (ascii(bytes, 0, 'ID3') || isMpegFrame(bytes)) return 'audio/mpeg';
  if (ascii(bytes, 0, '%PDF-')) return 'application/pdf';
  return null;
}
