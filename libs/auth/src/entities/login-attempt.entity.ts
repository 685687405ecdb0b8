import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts of one user name (as `loginName` folds it), from any address, in the current
 * window: the per-account back-off. Names that belong to nobody are counted the same way, so the
 * answer never tells whether an account exists. A successful sign-in deletes the row.
 */
@Entity('login_attempt')
export class LoginAttempt {
  @PrimaryColumn({ name: 'name_key', type: 'varchar', length: 64 })
  nameKey: string;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart: Date;

  @Column({ type: 'integer' })
  attempts: number;
}
