import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.js';
import { Organization } from './entities/organization.entity.js';

/** Serialises changes of the parent hierarchy, so two concurrent updates cannot close a cycle together. */
const HIERARCHY_LOCK = 74_201_902;

/** The SQL of organisations. */
@Injectable()
export class OrganizationRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(Organization);
  }

  /** Every organisation, by name in Norwegian alphabetical order (æ, ø, å last). */
  list(): Promise<Organization[]> {
    return this.repo
      .createQueryBuilder('o')
      .orderBy('o.name COLLATE "nb-NO-x-icu"', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
  }

  /** Whether any organisation is registered at all. */
  async any(): Promise<boolean> {
    return (await this.repo.count({ take: 1 })) > 0;
  }

  byId(id: string): Promise<Organization | null> {
    return this.repo.findOneBy({ id });
  }

  byIds(ids: readonly string[]): Promise<Organization[]> {
    return this.repo.findBy({ id: In([...ids]) });
  }

  byOrgNumbers(orgNumbers: readonly string[]): Promise<Organization[]> {
    return orgNumbers.length ? this.repo.findBy({ orgNumber: In([...orgNumbers]) }) : Promise.resolve([]);
  }

  exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  orgNumberTaken(orgNumber: string): Promise<boolean> {
    return this.repo.existsBy({ orgNumber });
  }

  /** The row, locked for the rest of the transaction. */
  lock(id: string): Promise<Organization | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Takes the transaction-wide lock that serialises changes of the hierarchy. */
  async lockHierarchy(): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK]);
  }

  save(organization: Organization): Promise<Organization> {
    return this.repo.save(organization);
  }

  create(values: Partial<Organization>): Organization {
    return this.repo.create(values);
  }

  /** Whether `id` is `parentId` itself or one of the organisations above it. */
  async isAncestorOrSelf(id: string, parentId: string): Promise<boolean> {
    const [{ cycle }] = await this.db.query<{ cycle: boolean }>(
      `WITH RECURSIVE ancestors(id) AS (
         SELECT parent_id FROM organization WHERE id = $1
         UNION
         SELECT o.parent_id FROM organization o JOIN ancestors a ON o.id = a.id WHERE o.parent_id IS NOT NULL
       )
       SELECT EXISTS (SELECT 1 FROM ancestors WHERE id = $2) AS cycle`,
      [parentId, id],
    );
    return cycle;
  }
}
