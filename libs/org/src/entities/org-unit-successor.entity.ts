import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgUnit } from './org-unit.entity';

/**
 * A link from a unit that ended (valid_to) to a unit that took over its area: several links to one
 * successor are a merge (n → 1), several successors of one unit a split (1 → n). A split's links
 * carry each successor's share of the old unit (0 < share ≤ 1, entered by an administrator); a
 * split without shares cannot be compared across the reorganisation.
 */
@Entity('org_unit_successor')
@Check('org_unit_successor_share_check', `"share" IS NULL OR ("share" > 0 AND "share" <= 1)`)
@Check('org_unit_successor_not_self_check', `"unit_id" <> "successor_id"`)
export class OrgUnitSuccessor {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ name: 'successor_id', type: 'uuid' })
  successorId: string;

  @Column({ type: 'numeric', precision: 7, scale: 6, nullable: true })
  share: string | null;

  @ManyToOne(() => OrgUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'org_unit_successor_unit_fk' })
  unit?: OrgUnit;

  @ManyToOne(() => OrgUnit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'successor_id', foreignKeyConstraintName: 'org_unit_successor_successor_fk' })
  successor?: OrgUnit;
}
