import { templateHelpers } from './template-helpers';

/**
 * Thẩm quyền ký (Nghị định 30/2020, Điều 13 and Phụ lục I, mục II.7): who may sign with which
 * authority, and the lines printed above the signature.
 *
 * - TM. (thay mặt): the head of a collective body signs on its behalf: "TM. ỦY BAN NHÂN DÂN" /
 *   "CHỦ TỊCH". A deputy of a collective signs under the same TM. line.
 * - KT. (ký thay): a deputy signs for the head: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" (in a collective:
 *   "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH").
 * - Q. (quyền): a deputy acting as head: "Q. GIÁM ĐỐC" (in a collective under the TM. line).
 * - TL. (thừa lệnh), TUQ. (thừa ủy quyền): the head of a department of the unit, on the head's
 *   instruction or delegation: "TL. GIÁM ĐỐC" / "CHÁNH VĂN PHÒNG".
 * - none: the head of a unit led by its head signs in their own name: "GIÁM ĐỐC".
 */
export const SIGN_AUTHORITIES = ['TM.', 'KT.', 'Q.', 'TL.', 'TUQ.'] as const;
export type SignAuthority = (typeof SIGN_AUTHORITIES)[number];

export type UnitKindForSigning = 'collective' | 'head';

/** What a signer is, from their position and the head's title: the head, a deputy, or someone else. */
export type SignerRank = 'chief' | 'deputy' | 'other';

const up = (s: string | null | undefined) =>
  templateHelpers
    .upper(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** "PHÓ CHỦ TỊCH" → "CHỦ TỊCH": the head's title a deputy's position names, or null. */
function deputyOf(position: string): string | null {
  const m = /^PHÓ\s+(.+)$/u.exec(position);
  return m ? m[1] : null;
}

export interface SignerFacts {
  unitKind: UnitKindForSigning;
  /** The collective body's name as printed after TM. ("ỦY BAN NHÂN DÂN"). */
  collectiveName: string;
  /** Chức vụ of the signer: "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "CHÁNH VĂN PHÒNG". */
  positionTitle: string | null;
  /** The title of the unit's head as the user's record states it ("CHỦ TỊCH"), if any. */
  headTitle: string | null;
  /** The authority the user's record gives by default. */
  defaultAuthority: string | null;
}

export interface ResolvedSigning {
  /** The authority printed (null: the head of a head-led unit signs in their own name). */
  authority: SignAuthority | null;
  /** The head's title after KT./Q./TL./TUQ. ("CHỦ TỊCH", "GIÁM ĐỐC"). */
  headTitle: string;
  rank: SignerRank;
}

/**
 * The head's title and the signer's rank. The head's title is the user's record's when it names a
 * title (not the collective body, which older records held for TM.), else the position without
 * "PHÓ" (a deputy), else the position (the head).
 */
export function signerRank(f: SignerFacts): { rank: SignerRank; headTitle: string | null } {
  const position = up(f.positionTitle);
  const recorded = up(f.headTitle);
  const headTitle =
    recorded && recorded !== up(f.collectiveName)
      ? recorded
      : position
        ? (deputyOf(position) ?? position)
        : null;
  if (!position || !headTitle) return { rank: 'other', headTitle };
  if (position === headTitle) return { rank: 'chief', headTitle };
  if (deputyOf(position) === headTitle) return { rank: 'deputy', headTitle };
  return { rank: 'other', headTitle };
}

/** The authorities a signer may choose, the first being the default when their record gives none. */
export function allowedAuthorities(f: SignerFacts): (SignAuthority | null)[] {
  const { rank } = signerRank(f);
  if (rank === 'chief') return [f.unitKind === 'collective' ? 'TM.' : null];
  if (rank === 'deputy') return ['KT.', 'Q.'];
  return ['TL.', 'TUQ.'];
}

/**
 * The authority of one signature: the one asked for at SIGN, else the user's default when allowed,
 * else the first allowed. `{refused}` names the allowed ones when the asked one is not.
 */
export function resolveSigning(
  f: SignerFacts,
  requested?: SignAuthority | null,
): ResolvedSigning | { refused: string } {
  const { rank, headTitle } = signerRank(f);
  const allowed = allowedAuthorities(f);
  const names = allowed.map((a) => a ?? 'ký tên mình').join(', ');
  if (!headTitle)
    return {
      refused:
        'Chưa có chức vụ của người ký hoặc của người đứng đầu đơn vị để in thẩm quyền ký; quản trị cần điền chức vụ.',
    };
  if (requested !== undefined && requested !== null && !allowed.includes(requested))
    return {
      refused: `Thẩm quyền ký "${requested}" không dùng được với chức vụ ${up(f.positionTitle) || '(chưa có)'}${rank === 'other' ? '' : ` của ${f.unitKind === 'collective' ? 'cơ quan làm việc theo chế độ tập thể' : 'cơ quan do thủ trưởng lãnh đạo'}`}; được dùng: ${names}.`,
    };
  const byDefault = allowed.find((a) => a === (f.defaultAuthority?.trim() || null));
  const authority = requested ?? (byDefault !== undefined ? byDefault : allowed[0]);
  return { authority, headTitle, rank };
}

/**
 * The lines above the signature, top to bottom, from what was recorded at signing and the unit's
 * kind (Nghị định 30/2020, Phụ lục I, mục II.7).
 */
export function authorityLines(p: {
  authority: string | null;
  headTitle: string | null;
  positionTitle: string | null;
  /** The collective body's name when the unit is collective, else null. */
  collective: string | null;
}): string[] {
  const lines: string[] = [];
  const authority = p.authority?.trim() || null;
  const head = up(p.headTitle);
  const position = up(p.positionTitle);
  if (p.collective && authority !== 'TL.' && authority !== 'TUQ.')
    lines.push(`TM. ${up(p.collective)}`);
  else if (authority === 'TM.' && head) lines.push(`TM. ${head}`);
  if (authority && authority !== 'TM.' && head) lines.push(`${authority} ${head}`);
  // Q. signs with the head's title only; the others with their own position under it.
  if (authority === 'Q.') return lines;
  if (position && !(authority && authority !== 'TM.' && position === head)) lines.push(position);
  else if (!position && (!authority || (authority === 'TM.' && p.collective)) && head)
    lines.push(head);
  return lines;
}
