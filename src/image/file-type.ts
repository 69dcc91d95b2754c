/** What a file really is, from its first bytes (its name and MIME type are only claims). */
export type SniffedFormat = 'jpeg' | 'png' | 'pdf' | 'gif' | 'webp' | 'heic' | 'svg' | 'unknown';

/** Recognises the formats the API accepts and the common ones it does not. */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'png';
  const ascii = String.fromCharCode(...b.subarray(0, 32));
  if (ascii.startsWith('%PDF-')) return 'pdf';
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  if (ascii.slice(4, 8) === 'ftyp' && /^(heic|heix|hevc|mif1|msf1|heim|heis|avif)/.test(ascii.slice(8, 12)))
    return 'heic';
  if (/^\s*(<\?xml|<svg)/i.test(ascii)) return 'svg';
  return 'unknown';
}

/** The formats the API accepts (the file input's `accept` says the same: `FILE_ACCEPT`, src/image/limits.ts). */
export const ACCEPTED_FORMATS: readonly SniffedFormat[] = ['jpeg', 'png', 'pdf'];
