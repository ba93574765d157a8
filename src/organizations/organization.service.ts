import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/index.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/index.js';
import { isOrgNumberFormat, isValidOrgNumber } from '../common/org-number.js';
import { isUuid, normalizeUuid } from '../common/uuid.js';
import { Database } from '../database/database.js';
import type { CreateOrganizationInput, UpdateOrganizationInput } from './dto/organization.inputs.js';
import { Organization } from './entities/organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';

/** Organisations (virksomheter) and their hierarchy. */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationRepository,
  ) {}

  list(): Promise<Organization[]> {
    return this.organizations.list();
  }

  /** Null for a number no organisation can have. */
  async byOrgNumber(orgNumber: string): Promise<Organization | null> {
    if (!isOrgNumberFormat(orgNumber)) return null;
    const [organization] = await this.organizations.byOrgNumbers([orgNumber]);
    return organization ?? null;
  }

  async byId(id: string): Promise<Organization | null> {
    return isUuid(id) ? this.organizations.byId(id) : null;
  }

  async create(viewer: Viewer, input: CreateOrganizationInput): Promise<Organization> {
    if (!isValidOrgNumber(input.orgNumber)) {
      throw BadUserInputError.field('input.orgNumber', 'must be 9 digits with a valid MOD11 check digit');
    }
    return this.db.transaction(viewer, async (tx) => {
      if (input.parentId !== undefined && input.parentId !== null) await this.require(input.parentId, 'input.parentId');
      // Checked first for a clear answer; the unique index uq_organization_org_number still decides a race.
      if (await this.organizations.orgNumberTaken(input.orgNumber)) {
        throw new ConflictError('An organisation with this number exists already', 'input.orgNumber');
      }
      const saved = await this.organizations.save(
        this.organizations.create({
          orgNumber: input.orgNumber,
          name: input.name,
          shortName: input.shortName ?? null,
          kind: input.kind,
          parentId: input.parentId === undefined || input.parentId === null ? null : normalizeUuid(input.parentId),
          reportingEmail: input.reportingEmail ?? null,
        }),
      );
      tx.record({ action: 'organization.create', entityType: 'Organization', entityId: saved.id, after: saved });
      return saved;
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateOrganizationInput): Promise<Organization> {
    return this.db.transaction(viewer, async (tx) => {
      if (input.parentId !== undefined) await this.organizations.lockHierarchy();
      const current = isUuid(id) ? await this.organizations.lock(id) : null;
      if (!current) throw new NotFoundError('Organization', id, 'id');
      const before = { ...current };
      if (input.parentId !== undefined && input.parentId !== null) {
        await this.require(input.parentId, 'input.parentId');
        await this.refuseCycle(current.id, input.parentId);
      }
      if (input.name !== undefined) current.name = input.name;
      if (input.shortName !== undefined) current.shortName = input.shortName;
      if (input.kind !== undefined) current.kind = input.kind;
      if (input.reportingEmail !== undefined) current.reportingEmail = input.reportingEmail;
      if (input.parentId !== undefined)
        current.parentId = input.parentId === null ? null : normalizeUuid(input.parentId);
      const saved = await this.organizations.save(current);
      tx.record({
        action: 'organization.update',
        entityType: 'Organization',
        entityId: current.id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  private async require(id: string, field: string): Promise<void> {
    if (!isUuid(id) || !(await this.organizations.exists(id))) throw new NotFoundError('Organization', id, field);
  }

  /** The new parent must not be the organisation itself nor one of the organisations below it. */
  private async refuseCycle(id: string, parentId: string): Promise<void> {
    if (parentId.toLowerCase() === id.toLowerCase()) {
      throw BadUserInputError.field('input.parentId', 'an organisation cannot be its own parent');
    }
    if (await this.organizations.isAncestorOrSelf(id, parentId)) {
      throw BadUserInputError.field(
        'input.parentId',
        'this parent reports to the organisation already; it would make a cycle',
      );
    }
  }
}
