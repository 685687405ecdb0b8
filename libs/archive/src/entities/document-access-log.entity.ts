import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who read which archived document, when and how. */
@Entity('document_access_log')
@Index('document_access_log_document_idx', ['documentId', 'at'])
export class DocumentAccessLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
