import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole plan model: organisations, strategies with goals, key figures, assessments, focus areas and
 * life events, initiatives with deliveries, quarterly status updates and the audit trail.
 * Every rule that the database can hold is here too: unique keys, checks and foreign keys, named so that
 * the API can say which input field a violation is about (src/common/errors/constraint-fields.ts).
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  public async up(q: QueryRunner): Promise<void> {
    // ICU numeric collation: "1.2" < "1.10" < "2.1" for initiative codes.
    await q.query(`CREATE COLLATION IF NOT EXISTS natural_sort (provider = icu, locale = 'und-u-kn-true')`);

    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_number char(9) NOT NULL,
        name varchar(300) NOT NULL,
        short_name varchar(50),
        kind varchar(30) NOT NULL,
        parent_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_organization_org_number CHECK (org_number ~ '^[0-9]{9}$'),
        CONSTRAINT ck_organization_kind CHECK (kind IN ('MINISTRY','AGENCY','MUNICIPALITY','COUNTY_MUNICIPALITY','ASSOCIATION','OTHER')),
        CONSTRAINT ck_organization_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
        CONSTRAINT fk_organization_parent FOREIGN KEY (parent_id) REFERENCES organization(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_organization_org_number ON organization (org_number)`);
    await q.query(`CREATE INDEX ix_organization_parent ON organization (parent_id)`);

    await q.query(`
      CREATE TABLE strategy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(100) NOT NULL,
        title varchar(300) NOT NULL,
        period_start int NOT NULL,
        period_end int NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_strategy_period CHECK (period_end >= period_start),
        CONSTRAINT ck_strategy_years CHECK (period_start BETWEEN 1990 AND 2100 AND period_end BETWEEN 1990 AND 2100)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_strategy_slug ON strategy (slug)`);

    await q.query(`
      CREATE TABLE goal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid NOT NULL,
        number int NOT NULL,
        title varchar(300) NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_goal_number CHECK (number BETWEEN 1 AND 1000),
        CONSTRAINT fk_goal_strategy FOREIGN KEY (strategy_id) REFERENCES strategy(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_goal_strategy_number ON goal (strategy_id, number)`);

    await q.query(`
      CREATE TABLE indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        goal_id uuid NOT NULL,
        seq bigserial NOT NULL,
        name varchar(500) NOT NULL,
        unit varchar(20) NOT NULL,
        better_when varchar(10) NOT NULL,
        rank_out_of int,
        source varchar(300) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_indicator_unit CHECK (unit IN ('PERCENT','RANK','NUMBER')),
        CONSTRAINT ck_indicator_better_when CHECK (better_when IN ('HIGHER','LOWER') AND (unit <> 'RANK' OR better_when = 'LOWER')),
        CONSTRAINT ck_indicator_rank_out_of CHECK (rank_out_of IS NULL OR rank_out_of > 0),
        CONSTRAINT fk_indicator_goal FOREIGN KEY (goal_id) REFERENCES goal(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_indicator_goal ON indicator (goal_id, seq)`);

    await q.query(`
      CREATE TABLE indicator_value (
        indicator_id uuid NOT NULL,
        year int NOT NULL,
        value double precision NOT NULL,
        note varchar(1000),
        CONSTRAINT pk_indicator_value PRIMARY KEY (indicator_id, year),
        CONSTRAINT ck_indicator_value_year CHECK (year BETWEEN 1990 AND 2100),
        CONSTRAINT ck_indicator_value_finite CHECK (value <> 'NaN' AND value <> 'Infinity' AND value <> '-Infinity'),
        CONSTRAINT fk_indicator_value_indicator FOREIGN KEY (indicator_id) REFERENCES indicator(id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE goal_assessment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        goal_id uuid NOT NULL,
        year int NOT NULL,
        level varchar(20) NOT NULL,
        score numeric(3,2),
        development varchar(20) NOT NULL,
        summary text NOT NULL,
        challenges text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_goal_assessment_year CHECK (year BETWEEN 1990 AND 2100),
        CONSTRAINT ck_goal_assessment_level CHECK (level IN ('GOOD','MEDIUM','LESS_GOOD')),
        CONSTRAINT ck_goal_assessment_development CHECK (development IN ('IMPROVING','UNCHANGED','WORSENING')),
        CONSTRAINT ck_goal_assessment_score CHECK (score IS NULL OR score BETWEEN 1.00 AND 3.00),
        CONSTRAINT fk_goal_assessment_goal FOREIGN KEY (goal_id) REFERENCES goal(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_goal_assessment_goal_year ON goal_assessment (goal_id, year)`);

    await q.query(`
      CREATE TABLE focus_area (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid NOT NULL,
        slug varchar(100) NOT NULL,
        title varchar(300) NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT fk_focus_area_strategy FOREIGN KEY (strategy_id) REFERENCES strategy(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_focus_area_strategy_slug ON focus_area (strategy_id, slug)`);

    await q.query(`
      CREATE TABLE life_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid NOT NULL,
        slug varchar(100) NOT NULL,
        title varchar(300) NOT NULL,
        responsible_ministry_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT fk_life_event_strategy FOREIGN KEY (strategy_id) REFERENCES strategy(id) ON DELETE CASCADE,
        CONSTRAINT fk_life_event_ministry FOREIGN KEY (responsible_ministry_id) REFERENCES organization(id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_life_event_strategy_slug ON life_event (strategy_id, slug)`);

    await q.query(`
      CREATE TABLE initiative (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid NOT NULL,
        code varchar(20) COLLATE natural_sort NOT NULL,
        title varchar(300) NOT NULL,
        summary text NOT NULL,
        description text,
        focus_area_id uuid,
        responsible_ministry_id uuid,
        executing_agency_id uuid NOT NULL,
        start_date date,
        planned_end_date date,
        lifecycle varchar(20) NOT NULL DEFAULT 'PLANNED',
        links jsonb NOT NULL DEFAULT '[]',
        contacts jsonb NOT NULL DEFAULT '[]',
        current_status varchar(20),
        current_status_period char(7),
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('norwegian'::regconfig, coalesce(code, '')), 'A') ||
          setweight(to_tsvector('norwegian'::regconfig, coalesce(title, '')), 'A') ||
          setweight(to_tsvector('norwegian'::regconfig, coalesce(summary, '')), 'B') ||
          setweight(to_tsvector('norwegian'::regconfig, coalesce(description, '')), 'C')
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_initiative_dates CHECK (planned_end_date IS NULL OR start_date IS NULL OR planned_end_date >= start_date),
        CONSTRAINT ck_initiative_lifecycle CHECK (lifecycle IN ('PLANNED','ACTIVE','COMPLETED','DISCONTINUED')),
        CONSTRAINT ck_initiative_current_status CHECK (current_status IS NULL OR current_status IN ('NOT_STARTED','ON_TRACK','MINOR_DELAYS','MAJOR_DELAYS','COMPLETED','STOPPED')),
        CONSTRAINT ck_initiative_links CHECK (jsonb_typeof(links) = 'array'),
        CONSTRAINT ck_initiative_contacts CHECK (jsonb_typeof(contacts) = 'array'),
        CONSTRAINT fk_initiative_strategy FOREIGN KEY (strategy_id) REFERENCES strategy(id) ON DELETE CASCADE,
        CONSTRAINT fk_initiative_focus_area FOREIGN KEY (focus_area_id) REFERENCES focus_area(id) ON DELETE SET NULL,
        CONSTRAINT fk_initiative_ministry FOREIGN KEY (responsible_ministry_id) REFERENCES organization(id) ON DELETE SET NULL,
        CONSTRAINT fk_initiative_agency FOREIGN KEY (executing_agency_id) REFERENCES organization(id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_initiative_strategy_code ON initiative (strategy_id, code)`);
    await q.query(`CREATE INDEX ix_initiative_code ON initiative (code, id)`);
    await q.query(`CREATE INDEX ix_initiative_title ON initiative ((title COLLATE "nb-NO-x-icu"), id)`);
    await q.query(`CREATE INDEX ix_initiative_updated ON initiative (updated_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_initiative_agency ON initiative (executing_agency_id)`);
    await q.query(`CREATE INDEX ix_initiative_focus_area ON initiative (focus_area_id)`);
    await q.query(`CREATE INDEX ix_initiative_current_status ON initiative (current_status)`);
    await q.query(`CREATE INDEX ix_initiative_search ON initiative USING gin (search_vector)`);

    await q.query(`
      CREATE TABLE initiative_goal (
        initiative_id uuid NOT NULL,
        goal_id uuid NOT NULL,
        CONSTRAINT pk_initiative_goal PRIMARY KEY (initiative_id, goal_id),
        CONSTRAINT fk_initiative_goal_initiative FOREIGN KEY (initiative_id) REFERENCES initiative(id) ON DELETE CASCADE,
        CONSTRAINT fk_initiative_goal_goal FOREIGN KEY (goal_id) REFERENCES goal(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_initiative_goal_goal ON initiative_goal (goal_id, initiative_id)`);

    await q.query(`
      CREATE TABLE initiative_life_event (
        initiative_id uuid NOT NULL,
        life_event_id uuid NOT NULL,
        position int NOT NULL DEFAULT 0,
        CONSTRAINT pk_initiative_life_event PRIMARY KEY (initiative_id, life_event_id),
        CONSTRAINT fk_initiative_life_event_initiative FOREIGN KEY (initiative_id) REFERENCES initiative(id) ON DELETE CASCADE,
        CONSTRAINT fk_initiative_life_event_life_event FOREIGN KEY (life_event_id) REFERENCES life_event(id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX ix_initiative_life_event_life_event ON initiative_life_event (life_event_id, initiative_id)`,
    );

    await q.query(`
      CREATE TABLE initiative_partner (
        initiative_id uuid NOT NULL,
        organization_id uuid NOT NULL,
        position int NOT NULL DEFAULT 0,
        CONSTRAINT pk_initiative_partner PRIMARY KEY (initiative_id, organization_id),
        CONSTRAINT fk_initiative_partner_initiative FOREIGN KEY (initiative_id) REFERENCES initiative(id) ON DELETE CASCADE,
        CONSTRAINT fk_initiative_partner_organization FOREIGN KEY (organization_id) REFERENCES organization(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_initiative_partner_organization ON initiative_partner (organization_id)`);

    await q.query(`
      CREATE TABLE delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        initiative_id uuid NOT NULL,
        title varchar(300) NOT NULL,
        description text,
        due_date date,
        state varchar(20) NOT NULL DEFAULT 'PLANNED',
        completed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_delivery_state CHECK (state IN ('PLANNED','DONE','CANCELLED')),
        CONSTRAINT fk_delivery_initiative FOREIGN KEY (initiative_id) REFERENCES initiative(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_delivery_initiative ON delivery (initiative_id, due_date)`);

    await q.query(`
      CREATE TABLE status_update (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        initiative_id uuid NOT NULL,
        period char(7) NOT NULL,
        status varchar(20) NOT NULL,
        progress_percent smallint,
        summary text NOT NULL,
        achievements text,
        next_steps text,
        risks text,
        obstacles varchar(20)[] NOT NULL DEFAULT '{}',
        state varchar(20) NOT NULL DEFAULT 'DRAFT',
        author_subject varchar(255) NOT NULL,
        author_name varchar(300),
        submitted_at timestamptz,
        reviewed_at timestamptz,
        reviewer_subject varchar(255),
        review_comment text,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ck_status_update_period CHECK (period ~ '^[0-9]{4}-Q[1-4]$' AND period >= '2000-Q1'),
        CONSTRAINT ck_status_update_status CHECK (status IN ('NOT_STARTED','ON_TRACK','MINOR_DELAYS','MAJOR_DELAYS','COMPLETED','STOPPED')),
        CONSTRAINT ck_status_update_state CHECK (state IN ('DRAFT','SUBMITTED','APPROVED','RETURNED')),
        CONSTRAINT ck_status_update_progress CHECK (progress_percent IS NULL OR progress_percent BETWEEN 0 AND 100),
        CONSTRAINT ck_status_update_obstacles CHECK (obstacles <@ ARRAY['CAPACITY','FUNDING','LEGAL','COORDINATION','TECHNOLOGY','COMPETENCE','OTHER']::varchar(20)[]),
        CONSTRAINT ck_status_update_published CHECK ((state = 'APPROVED') = (published_at IS NOT NULL)),
        CONSTRAINT fk_status_update_initiative FOREIGN KEY (initiative_id) REFERENCES initiative(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_status_update_initiative_period ON status_update (initiative_id, period)`);
    await q.query(`CREATE INDEX ix_status_update_state_submitted ON status_update (state, submitted_at)`);
    await q.query(`CREATE INDEX ix_status_update_period_state ON status_update (period, state)`);
    // The newest approved update per initiative up to a period: the overview's main access path.
    await q.query(
      `CREATE INDEX ix_status_update_approved ON status_update (initiative_id, period DESC) WHERE state = 'APPROVED'`,
    );

    // An APPROVED update never changes: the database refuses it too.
    await q.query(`
      CREATE FUNCTION status_update_approved_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.state = 'APPROVED' THEN
          RAISE EXCEPTION 'An approved status update never changes' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_status_update_approved_is_final BEFORE UPDATE ON status_update
      FOR EACH ROW EXECUTE FUNCTION status_update_approved_is_final()`);

    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor varchar(255) NOT NULL,
        action varchar(100) NOT NULL,
        entity_type varchar(50) NOT NULL,
        entity_id varchar(100) NOT NULL,
        changes jsonb
      )`);
    await q.query(`CREATE INDEX ix_audit_event_entity ON audit_event (entity_type, entity_id, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_event`);
    await q.query(`DROP TRIGGER IF EXISTS tr_status_update_approved_is_final ON status_update`);
    await q.query(`DROP FUNCTION IF EXISTS status_update_approved_is_final()`);
    for (const table of [
      'status_update',
      'delivery',
      'initiative_partner',
      'initiative_life_event',
      'initiative_goal',
      'initiative',
      'life_event',
      'focus_area',
      'goal_assessment',
      'indicator_value',
      'indicator',
      'goal',
      'strategy',
      'organization',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP COLLATION IF EXISTS natural_sort`);
  }
}
