import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgUnit } from '@app/org';

/**
 * The numbering registry: the last number taken per organisation, year and series. Taking a
 * number is an UPDATE of this row inside the issuing transaction, so numbers are gap-free and
 * never taken twice, across processes.
 */
@Entity('document_number_registry')
export class DocumentNumberRegistry {
  @PrimaryColumn({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'org_unit_id',
    foreignKeyConstraintName: 'document_number_registry_org_unit_fk',
  })
  orgUnit?: OrgUnit;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  series: string;

  @Column({ name: 'last_number', type: 'int' })
  lastNumber: number;
}
