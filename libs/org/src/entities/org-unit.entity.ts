import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

export const ORG_LEVELS = ['ministry', 'province', 'district', 'commune'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** A collective body (a People's Committee: "TM. ỦY BAN NHÂN DÂN") or one led by its head (a Sở: "KT. GIÁM ĐỐC"). */
export const UNIT_KINDS = ['collective', 'head'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * How a unit's documents are signed: `token` (the head and the clerk sign with their own keys,
 * the server only prepares and verifies) or `approval` (a unit without tokens: the head approves in
 * the system, the clerk's issue applies the organisation's signature from a server-side slot).
 */
export const SIGNING_MODES = ['token', 'approval'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

/**
 * An administrative unit, valid over a dated interval. Levels and parent links are data,
 * so the legacy 3-level and the current 2-level hierarchy live side by side.
 */
@Entity('org_unit')
@Check('org_unit_level_check', `"level" IN ('ministry', 'province', 'district', 'commune')`)
@Check('org_unit_validity_check', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
@Check('org_unit_kind_check', `"kind" IN ('collective', 'head')`)
@Check('org_unit_signing_mode_check', `"signing_mode" IN ('token', 'approval')`)
export class OrgUnit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('org_unit_code_uq', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  /** Official name, e.g. "Ủy ban nhân dân xã Hoàng Đồng". */
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: OrgLevel;

  @Index('org_unit_parent_idx')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrgUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'org_unit_parent_fk' })
  parent?: OrgUnit | null;

  /** Cơ quan chủ quản line of the document header, e.g. "Ủy ban nhân dân thành phố Lạng Sơn". */
  @Column({ name: 'governing_body', type: 'varchar', length: 255, nullable: true })
  governingBody: string | null;

  /** Organisation abbreviation of document symbols: UBND, LĐTBXH. */
  @Column({ type: 'varchar', length: 32 })
  abbreviation: string;

  /** Địa danh of the date line: "Hoàng Đồng". */
  @Column({ name: 'place_name', type: 'varchar', length: 120 })
  placeName: string;

  /** Collective (People's Committee) or led by its head (Sở). */
  @Column({ type: 'varchar', length: 16, default: 'collective' })
  kind: UnitKind;

  /** The issuer lines of the document header, exactly as printed (null: the governing body and the name). */
  @Column({ name: 'header_lines', type: 'jsonb', nullable: true })
  headerLines: string[] | null;

  /** Drafting unit kept in "Lưu: VT, <unit>." (e.g. VHXH). */
  @Column({ name: 'filing_unit', type: 'varchar', length: 32, nullable: true })
  filingUnit: string | null;

  /** Who signs and with what key (SIGNING_MODES); new units sign with tokens. */
  @Column({ name: 'signing_mode', type: 'varchar', length: 16, default: 'token' })
  signingMode: SigningMode;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ name: 'successor_id', type: 'uuid', nullable: true })
  successorId: string | null;

  @ManyToOne(() => OrgUnit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'successor_id', foreignKeyConstraintName: 'org_unit_successor_fk' })
  successor?: OrgUnit | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
