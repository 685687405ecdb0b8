import type { OrgLevel, UnitKind } from '@app/org';
import type { Role } from '@app/auth';

/** The demo data of CONTRACT.md: a province Sở, TP Lạng Sơn and three of its communes. */
export const DEMO_ORG_UNITS: {
  code: string;
  name: string;
  level: OrgLevel;
  parent: string | null;
  governingBody: string | null;
  abbreviation: string;
  placeName: string;
  filingUnit: string;
  kind: UnitKind;
}[] = [
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
  },
  ...(
    [
      ['HD', 'Hoàng Đồng'],
      ['MP', 'Mai Pha'],
      ['QL', 'Quảng Lạc'],
    ] as const
  ).map(([code, place]) => ({
    code,
    name: `Ủy ban nhân dân xã ${place}`,
    level: 'commune' as const,
    parent: 'TPLS',
    governingBody: null,
    abbreviation: 'UBND',
    placeName: place,
    filingUnit: 'VHXH',
    kind: 'collective' as const,
  })),
];

export const DEMO_VALID_FROM = '2000-01-01';
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
];

/** The open demo period (cut-off window of Nghị định 09/2019: 15/12 of the previous year to 14/6). */
export const DEMO_PERIOD = {
  code: '2024-H1',
  label: '6 tháng đầu năm 2024',
  year: 2024,
  cutoffFrom: '2023-12-15',
  cutoffTo: '2024-06-14',
  forms: ['01/TE', '02/TE', '03/TE'],
  // Communes by 05/5 and the city by 25/5 (plan 136/KH-UBND); the province by 15/6.
  deadlines: [
    { level: 'commune', date: '2024-05-05' },
    { level: 'district', date: '2024-05-25' },
    { level: 'province', date: '2024-06-15' },
  ],
};
