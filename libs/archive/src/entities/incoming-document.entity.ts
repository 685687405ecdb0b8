import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrgUnit } from '@app/org';
import { IssuedDocument } from './issued-document.entity';

/**
 * A line of a unit's Sổ đăng ký văn bản đến: an issued document delivered to the unit, its
 * incoming number (số đến) in the unit's register for the year, when it was received, who handles
 * it and the unit's acknowledgement. The issued original itself never changes; these are its marks.
 */
@Entity('incoming_document')
@Index('incoming_document_number_uq', ['orgUnitId', 'year', 'incomingNumber'], { unique: true })
@Index('incoming_document_unit_document_uq', ['orgUnitId', 'documentId'], { unique: true })
@Index('incoming_document_document_idx', ['documentId'])
export class IncomingDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The receiving unit. */
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @ManyToOne(() => OrgUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_unit_id', foreignKeyConstraintName: 'incoming_document_org_unit_fk' })
  orgUnit?: OrgUnit;

  /** The year of the register (the Vietnam year of receipt). */
  @Column({ type: 'int' })
  year: number;

  /** Số đến: 1, 2, … in the unit's register for the year, without gap. */
  @Column({ name: 'incoming_number', type: 'int' })
  incomingNumber: number;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => IssuedDocument, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'incoming_document_document_fk' })
  document?: IssuedDocument;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** The person of the receiving unit who handles the document (none until assigned). */
  @Column({ name: 'handled_by_id', type: 'uuid', nullable: true })
  handledById: string | null;

  @Column({ name: 'handled_by_name', type: 'varchar', length: 200, nullable: true })
  handledByName: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by_id', type: 'uuid', nullable: true })
  acknowledgedById: string | null;

  @Column({ name: 'acknowledged_by_name', type: 'varchar', length: 200, nullable: true })
  acknowledgedByName: string | null;
}
