/** The demo's periods: the legacy 2024-H1 and the one open on the day the demo is loaded. */
export interface DemoPeriod {
  code: string;
  label: string;
  year: number;
  cutoffFrom: string;
  cutoffTo: string;
  forms: string[];
  deadlines: { level: string; date: string }[];
}

const SHIPPED_FORMS = ['01/TE', '02/TE', '03/TE'];

/**
 * The legacy period (cut-off window of Nghị định 09/2019: 15/12 of the previous year to 14/6):
 * communes by 05/5 and the city by 25/5 (plan 136/KH-UBND), the province by 15/6. The demo plays its
 * reports through to issued and closes it.
 */
export const DEMO_LEGACY_PERIOD: DemoPeriod = {
  code: '2024-H1',
  label: '6 tháng đầu năm 2024',
  year: 2024,
  cutoffFrom: '2023-12-15',
  cutoffTo: '2024-06-14',
  forms: SHIPPED_FORMS,
  deadlines: [
    { level: 'commune', date: '2024-05-05' },
    { level: 'district', date: '2024-05-25' },
    { level: 'province', date: '2024-06-15' },
  ],
};

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const later = (a: string, b: string) => (a > b ? a : b);

/** Days from the demo's loading to the communes' deadline of the current period, at least. */
export const DEMO_CURRENT_MIN_DAYS = 14;

/**
 * The period open on `today` (YYYY-MM-DD, Vietnam time) in the two-level hierarchy: the 6-month
 * period in January–June, the year in July to 14 December, the next 6-month period from 15
 * December (Nghị định 09/2019's windows). Its deadlines are the regime's (communes 05/5 or 05/11,
 * the province 15/6 or 15/12), moved to at least two weeks after `today` for the communes and ten
 * days after theirs for the province: a fresh demo never starts overdue.
 */
export function demoCurrentPeriod(today: string): DemoPeriod {
  const y = Number(today.slice(0, 4));
  const md = today.slice(5);
  const half = md < '07-01' || md >= '12-15';
  const year = md >= '12-15' ? y + 1 : y;
  const regime = half
    ? { commune: `${year}-05-05`, province: `${year}-06-15` }
    : { commune: `${year}-11-05`, province: `${year}-12-15` };
  const communeDeadline = later(regime.commune, addDays(today, DEMO_CURRENT_MIN_DAYS));
  return {
    code: half ? `${year}-H1` : `${year}-CN`,
    label: half ? `6 tháng đầu năm ${year}` : `năm ${year}`,
    year,
    cutoffFrom: `${year - 1}-12-15`,
    cutoffTo: half ? `${year}-06-14` : `${year}-12-14`,
    forms: SHIPPED_FORMS,
    deadlines: [
      { level: 'commune', date: communeDeadline },
      { level: 'province', date: later(regime.province, addDays(communeDeadline, 10)) },
    ],
  };
}
