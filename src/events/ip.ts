import { isIP } from 'node:net';

/**
 * Validates an IP address and returns its canonical text (IPv6 compressed and lower-cased), or
 * null. The hash chain hashes this form, so a stored `inet` read back canonicalises the same way.
 */
export function canonicalIp(text: string): string | null {
  const version = isIP(text);
  if (version === 4) return text;
  if (version === 6 && !text.includes('%')) return new URL(`http://[${text}]`).hostname.slice(1, -1);
  return null;
}
