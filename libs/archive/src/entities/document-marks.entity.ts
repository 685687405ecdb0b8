import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { IssuedDocument } from './issued-document.entity';

/** Thu hồi: the issuer's head withdrew an issued document, with a reason. Append-only; the original stays as issued. */
@Entity('document_withdrawal')
export class DocumentWithdrawal {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @OneToOne(() => IssuedDocument, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_withdrawal_document_fk' })
  document?: IssuedDocument;

  @Column({ name: 'withdrawn_at', type: 'timestamptz' })
  withdrawnAt: Date;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'withdrawn_by', type: 'uuid' })
  withdrawnBy: string;
}

/** Thay thế: a later issued document replaces this one. Append-only; the original stays as issued. */
@Entity('document_replacement')
@Index('document_replacement_by_uq', ['replacedById'], { unique: true })
export class DocumentReplacement {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @OneToOne(() => IssuedDocument, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'document_id',
    foreignKeyConstraintName: 'document_replacement_document_fk',
  })
  document?: IssuedDocument;

  @Column({ name: 'replaced_by_id', type: 'uuid' })
  replacedById: string;

  @ManyToOne(() => IssuedDocument, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'replaced_by_id',
    foreignKeyConstraintName: 'document_replacement_replaced_by_fk',
  })
  replacedBy?: IssuedDocument;

  @Column({ name: 'replaced_at', type: 'timestamptz' })
  replacedAt: Date;
}
