/**
 * Dates as Nghị định 30/2020 writes them: "ngày 05 tháng 02 năm 2024". Days below 10 and the months
 * January and February take a leading zero; March onward do not ("tháng 3" … "tháng 12").
 */

/** "Hoàng Đồng, ngày 05 tháng 02 năm 2024": the place-and-date line of the header. */
export function dateLine(placeName: string, isoDate: string): string {
  return `${placeName}, ${dateWords(isoDate)}`;
}

/** "ngày 12 tháng 6 năm 2024", e.g. for "(Kèm theo Báo cáo số … ngày 12 tháng 6 năm 2024 của …)". */
export function dateWords(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const dd = day < 10 ? `0${day}` : `${day}`;
  const mm = month <= 2 ? `0${month}` : `${month}`;
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

function parseIsoDate(isoDate: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate ?? '');
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new RangeError(`no such date: ${isoDate}`);
  }
  return { year, month, day };
}
