import type { OrgLevel, UnitKind } from '@app/org';
import type { Role } from '@app/auth';

/** The day the two-level local government began (Nghị quyết 202/2025/QH15): the legacy units end the day before. */
export const REFORM_DATE = '2025-07-01';
/** State management of children moved to Bộ Y tế (and at the province to Sở Y tế) on 01/03/2025. */
export const HEALTH_TRANSFER_DATE = '2025-03-01';

interface DemoUnit {
  code: string;
  name: string;
  level: OrgLevel;
  parent: string | null;
  governingBody: string | null;
  abbreviation: string;
  placeName: string;
  filingUnit: string;
  kind: UnitKind;
  validFrom: string;
  validTo: string | null;
  /** The units this one replaced (successor links are written on them). */
  replaces?: string[];
}

const commune = (
  code: string,
  name: string,
  placeName: string,
  parent: string,
  validFrom: string,
  validTo: string | null,
  replaces?: string[],
): DemoUnit => ({
  code,
  name,
  level: 'commune',
  parent,
  governingBody: null,
  abbreviation: 'UBND',
  placeName,
  filingUnit: 'VHXH',
  kind: 'collective',
  validFrom,
  validTo,
  replaces,
});

/**
 * The demo's units in two eras (CONTRACT.md). Legacy, until 30/06/2025: Sở LĐTBXH Lạng Sơn (until
 * 28/02/2025, when child affairs moved to Sở Y tế), TP Lạng Sơn (district) and three of its
 * communes. Current, from 01/07/2025: Sở Y tế tỉnh Lạng Sơn receives the communes' reports
 * directly; phường Lương Văn Tri stands for Hoàng Đồng and Mai Pha merged, phường Kỳ Lừa for Quảng
 * Lạc under a new name. Which legacy communes formed which ward is illustrative (README).
 */
export const DEMO_ORG_UNITS: DemoUnit[] = [
  {
    code: 'LS',
    name: 'Sở Lao động - Thương binh và Xã hội tỉnh Lạng Sơn',
    level: 'province',
    parent: null,
    governingBody: 'Ủy ban nhân dân tỉnh Lạng Sơn',
    abbreviation: 'LĐTBXH',
    placeName: 'Lạng Sơn',
    filingUnit: 'BVCSTE',
    kind: 'head',
    validFrom: '2000-01-01',
    validTo: '2025-02-28',
  },
  {
    code: 'TPLS',
    name: 'Ủy ban nhân dân thành phố Lạng Sơn',
    level: 'district',
    parent: 'LS',
    governingBody: null,
    abbreviation: 'UBND',
    placeName: 'Lạng Sơn',
    filingUnit: 'LĐTBXH',
    kind: 'collective',
    validFrom: '2000-01-01',
    validTo: '2025-06-30',
  },
  commune('HD', 'Ủy ban nhân dân xã Hoàng Đồng', 'Hoàng Đồng', 'TPLS', '2000-01-01', '2025-06-30'),
  commune('MP', 'Ủy ban nhân dân xã Mai Pha', 'Mai Pha', 'TPLS', '2000-01-01', '2025-06-30'),
  commune('QL', 'Ủy ban nhân dân xã Quảng Lạc', 'Quảng Lạc', 'TPLS', '2000-01-01', '2025-06-30'),
  {
    code: 'SYT',
    name: 'Sở Y tế tỉnh Lạng Sơn',
    level: 'province',
    parent: null,
    governingBody: 'Ủy ban nhân dân tỉnh Lạng Sơn',
    abbreviation: 'SYT',
    placeName: 'Lạng Sơn',
    filingUnit: 'DSTE',
    kind: 'head',
    validFrom: HEALTH_TRANSFER_DATE,
    validTo: null,
    replaces: ['LS'],
  },
  commune(
    'LVT',
    'Ủy ban nhân dân phường Lương Văn Tri',
    'Lương Văn Tri',
    'SYT',
    REFORM_DATE,
    null,
    ['HD', 'MP'],
  ),
  commune('KL', 'Ủy ban nhân dân phường Kỳ Lừa', 'Kỳ Lừa', 'SYT', REFORM_DATE, null, ['QL']),
];

export const DEMO_PASSWORD = 'demo';

interface DemoUser {
  username: string;
  unit: string;
  roles: Role[];
  fullName: string;
  positionTitle: string | null;
  signAuthority: string | null;
  signHeadTitle: string | null;
}

const staff = (
  prefix: string,
  unit: string,
  officer: string,
  head: [name: string, position: string, authority: string | null, headTitle: string | null],
  clerk: string,
  officerTitle: string,
): DemoUser[] => [
  {
    username: `${prefix}.officer`,
    unit,
    roles: ['officer'],
    fullName: officer,
    positionTitle: officerTitle,
    signAuthority: null,
    signHeadTitle: null,
  },
  {
    username: `${prefix}.head`,
    unit,
    roles: ['head'],
    fullName: head[0],
    positionTitle: head[1],
    signAuthority: head[2],
    signHeadTitle: head[3],
  },
  {
    username: `${prefix}.clerk`,
    unit,
    roles: ['clerk'],
    fullName: clerk,
    positionTitle: 'Văn thư',
    signAuthority: null,
    signHeadTitle: null,
  },
];

export const DEMO_USERS: DemoUser[] = [
  {
    username: 'admin',
    unit: 'LS',
    roles: ['admin'],
    fullName: 'Quản trị hệ thống',
    positionTitle: null,
    signAuthority: null,
    signHeadTitle: null,
  },
  ...staff(
    'hoangdong',
    'HD',
    'Nông Thị Hạnh',
    ['Hoàng Quốc Thành', 'PHÓ CHỦ TỊCH', 'KT.', 'CHỦ TỊCH'],
    'Lương Thị Mai',
    'Công chức Văn hóa - Xã hội',
  ),
  ...staff(
    'maipha',
    'MP',
    'Vi Văn Tùng',
    ['Hoàng Văn Nam', 'CHỦ TỊCH', 'TM.', 'ỦY BAN NHÂN DÂN'],
    'Lộc Thị Thu',
    'Công chức Văn hóa - Xã hội',
  ),
  ...staff(
    'quanglac',
    'QL',
    'Chu Thị Lan',
    ['Lăng Văn Hùng', 'PHÓ CHỦ TỊCH', 'KT.', 'CHỦ TỊCH'],
    'Hà Thị Nga',
    'Công chức Văn hóa - Xã hội',
  ),
  ...staff(
    'tpls',
    'TPLS',
    'Đinh Thị Hương',
    ['Nguyễn Minh Đức', 'PHÓ CHỦ TỊCH', 'KT.', 'CHỦ TỊCH'],
    'Trần Thị Hoa',
    'Chuyên viên Phòng Lao động - Thương binh và Xã hội',
  ),
  ...staff(
    'sols',
    'LS',
    'Phạm Văn Long',
    ['Lê Thị Thanh', 'PHÓ GIÁM ĐỐC', 'KT.', 'GIÁM ĐỐC'],
    'Vũ Thị Hằng',
    'Chuyên viên Phòng Bảo vệ, chăm sóc trẻ em',
  ),
  ...staff(
    'syt',
    'SYT',
    'Hoàng Thị Ngọc',
    ['Nông Văn Bình', 'PHÓ GIÁM ĐỐC', 'KT.', 'GIÁM ĐỐC'],
    'Lý Thị Duyên',
    'Chuyên viên Phòng Dân số - Trẻ em',
  ),
  ...staff(
    'luongvantri',
    'LVT',
    'Nông Thị Hạnh',
    ['Hoàng Văn Nam', 'CHỦ TỊCH', 'TM.', 'ỦY BAN NHÂN DÂN'],
    'Lộc Thị Thu',
    'Công chức Văn hóa - Xã hội',
  ),
  ...staff(
    'kylua',
    'KL',
    'Chu Thị Lan',
    ['Lăng Văn Hùng', 'PHÓ CHỦ TỊCH', 'KT.', 'CHỦ TỊCH'],
    'Hà Thị Nga',
    'Công chức Văn hóa - Xã hội',
  ),
];

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
