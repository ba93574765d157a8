import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One person who saved or submitted an update: four eyes keeps all of them from reviewing it. */
@Entity('status_update_author')
export class StatusUpdateAuthor {
  @PrimaryColumn({ name: 'status_update_id', type: 'uuid', primaryKeyConstraintName: 'pk_status_update_author' })
  statusUpdateId: string;

  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_status_update_author' })
  subject: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  name: string | null;

  /** The token's email claim at the author's last save; notices to the authors go there. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: false })
  saved: boolean;

  @Column({ type: 'boolean', default: false })
  submitted: boolean;

  @Column({ name: 'first_at', type: 'timestamptz', default: () => 'now()' })
  firstAt: Date;

  @Column({ name: 'last_at', type: 'timestamptz', default: () => 'now()' })
  lastAt: Date;
}
