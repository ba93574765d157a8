import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/index.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/index.js';
import { isValidOrgNumber } from '../common/org-number.js';
import { isUuid, normalizeUuid } from '../common/uuid.js';
import type { CreateOrganizationInput, UpdateOrganizationInput } from './dto/organization.inputs.js';
import { Organization } from './entities/organization.entity.js';

/** Serialises changes of the parent hierarchy, so two concurrent updates cannot close a cycle together. */
const HIERARCHY_LOCK = 74_201_902;

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every organisation, by name in Norwegian alphabetical order (æ, ø, å last). */
  list(): Promise<Organization[]> {
    return this.dataSource
      .getRepository(Organization)
      .createQueryBuilder('o')
      .orderBy('o.name COLLATE "nb-NO-x-icu"', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
  }

  async byOrgNumber(orgNumber: string): Promise<Organization | null> {
    if (!/^\d{9}$/.test(orgNumber)) return null;
    return this.dataSource.getRepository(Organization).findOneBy({ orgNumber });
  }

  async byId(id: string): Promise<Organization | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(Organization).findOneBy({ id });
  }

  async create(viewer: Viewer, input: CreateOrganizationInput): Promise<Organization> {
    if (!isValidOrgNumber(input.orgNumber)) {
      throw BadUserInputError.field('input.orgNumber', 'must be 9 digits with a valid MOD11 check digit');
    }
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Organization);
      if (input.parentId !== undefined && input.parentId !== null)
        await this.require(manager, input.parentId, 'input.parentId');
      // Checked first for a clear answer; the unique index uq_organization_org_number still decides a race.
      if (await repo.existsBy({ orgNumber: input.orgNumber })) {
        throw new ConflictError('An organisation with this number exists already', 'input.orgNumber');
      }
      const saved = await repo.save(
        repo.create({
          orgNumber: input.orgNumber,
          name: input.name,
          shortName: input.shortName ?? null,
          kind: input.kind,
          parentId: input.parentId === undefined || input.parentId === null ? null : normalizeUuid(input.parentId),
        }),
      );
      await this.audit.record(manager, {
        actor: viewer,
        action: 'organization.create',
        entityType: 'Organization',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateOrganizationInput): Promise<Organization> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Organization);
      if (input.parentId !== undefined) await manager.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK]);
      const current = isUuid(id) ? await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!current) throw new NotFoundError('Organization', id, 'id');
      const before = { ...current };
      if (input.parentId !== undefined && input.parentId !== null) {
        await this.require(manager, input.parentId, 'input.parentId');
        await this.refuseCycle(manager, current.id, input.parentId);
      }
      if (input.name !== undefined) current.name = input.name;
      if (input.shortName !== undefined) current.shortName = input.shortName;
      if (input.kind !== undefined) current.kind = input.kind;
      if (input.parentId !== undefined)
        current.parentId = input.parentId === null ? null : normalizeUuid(input.parentId);
      const saved = await repo.save(current);
      await this.audit.record(manager, {
        actor: viewer,
        action: 'organization.update',
        entityType: 'Organization',
        entityId: current.id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  private async require(manager: EntityManager, id: string, field: string): Promise<void> {
    if (!isUuid(id) || !(await manager.getRepository(Organization).existsBy({ id }))) {
      throw new NotFoundError('Organization', id, field);
    }
  }

  /** The new parent must not be the organisation itself nor one of the organisations below it. */
  private async refuseCycle(manager: EntityManager, id: string, parentId: string): Promise<void> {
    if (parentId.toLowerCase() === id.toLowerCase())
      throw BadUserInputError.field('input.parentId', 'an organisation cannot be its own parent');
    const [{ cycle }] = await manager.query(
      `WITH RECURSIVE ancestors(id) AS (
         SELECT parent_id FROM organization WHERE id = $1
         UNION
         SELECT o.parent_id FROM organization o JOIN ancestors a ON o.id = a.id WHERE o.parent_id IS NOT NULL
       )
       SELECT EXISTS (SELECT 1 FROM ancestors WHERE id = $2) AS cycle`,
      [parentId, id],
    );
    if (cycle)
      throw BadUserInputError.field(
        'input.parentId',
        'this parent reports to the organisation already; it would make a cycle',
      );
  }
}
