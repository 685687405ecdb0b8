import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FormDefinition } from '../form-definition';

/** One version of a form definition; versions are never changed, a change is a new version. */
@Entity('form_definition')
@Index('form_definition_code_version_uq', ['code', 'version'], { unique: true })
export class FormDefinitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'jsonb' })
  definition: FormDefinition;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
