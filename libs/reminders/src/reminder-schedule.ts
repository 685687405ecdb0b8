/** Whole calendar days from `today` to `deadline` (both YYYY-MM-DD): 0 on the day, negative after it. */
export function daysUntil(today: string, deadline: string): number {
  return Math.round(
    (Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
}

/**
 * The reminder due today for a unit that has not submitted: the smallest offset not below the days
 * left (so a pass missed on the day of an offset — the server was down — is caught up by the next,
 * and a period created late reminds once, not of every offset it skipped). Null before the first
 * offset and after the deadline.
 */
export function dueOffset(daysLeft: number, offsets: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  const candidates = offsets.filter((o) => o >= daysLeft);
  return candidates.length ? Math.min(...candidates) : null;
}
