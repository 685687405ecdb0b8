import { formatVietnameseNumber } from '@app/common';
import { ValueType } from './form-definition';

/**
 * One cell as people read it, on pages and in documents: Vietnamese numbers (whole counts, 2
 * decimals for percentages and ratios, up to 4 for money), Có/Không, text; '' when empty.
 */
export function formatCell(value: unknown, type?: ValueType): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'number')
    return formatVietnameseNumber(value, type === 'integer' ? 0 : type === 'percent' ? 2 : 4);
  return String(value);
}
