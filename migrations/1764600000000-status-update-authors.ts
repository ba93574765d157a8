import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Everyone who saved or submitted an update, for four eyes (none of them may approve or return it) and for
 * the notices to its authors (the e-mail each had when saving). Existing updates get their last saver.
 */
export class StatusUpdateAuthors1764600000000 implements MigrationInterface {
  name = 'StatusUpdateAuthors1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE status_update_author (
        status_update_id uuid NOT NULL,
        subject varchar(255) NOT NULL,
        name varchar(300),
        email varchar(254),
        saved boolean NOT NULL DEFAULT false,
        submitted boolean NOT NULL DEFAULT false,
        first_at timestamptz NOT NULL DEFAULT now(),
        last_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_status_update_author PRIMARY KEY (status_update_id, subject),
        CONSTRAINT ck_status_update_author_did_something CHECK (saved OR submitted),
        CONSTRAINT fk_status_update_author_update FOREIGN KEY (status_update_id) REFERENCES status_update(id) ON DELETE CASCADE
      )`);
    await q.query(`
      INSERT INTO status_update_author (status_update_id, subject, name, saved, submitted, first_at, last_at)
      SELECT id, author_subject, author_name, true, submitted_at IS NOT NULL, created_at, updated_at FROM status_update`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE status_update_author`);
  }
}
