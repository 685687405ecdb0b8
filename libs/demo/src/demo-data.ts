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
