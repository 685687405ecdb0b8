import { createHash } from 'node:crypto';
import type { FormData } from '@app/forms';
import type { Recipient } from './entities/report.entity';

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

export interface SignedContent {
  title: string;
  narrative: string;
  recipients: Recipient[];
  /** The typed-in cells of every form (computed cells follow from them). */
  data: Record<string, FormData>;
}

/** SHA-256 (hex) of exactly what a head signs. */
export function contentSha256(content: SignedContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        title: content.title,
        narrative: content.narrative,
        recipients: content.recipients,
        data: content.data,
      }),
      'utf8',
    )
    .digest('hex');
}
