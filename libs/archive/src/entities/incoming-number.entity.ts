import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgUnit } from '@app/org';

/**
 * The last incoming number (số đến) taken per receiving unit and year. Taking one is an upsert of
 * this row inside the delivering transaction, so incoming numbers are gap-free and never repeated,
 * like the outgoing numbers of document_number_registry.
 */
@Entity('incoming_number_registry')
export class IncomingNumberRegistry {
  @PrimaryColumn({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'org_unit_id',
    foreignKeyConstraintName: 'incoming_number_registry_org_unit_fk',
  })
  orgUnit?: OrgUnit;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ name: 'last_number', type: 'int' })
  lastNumber: number;
}
