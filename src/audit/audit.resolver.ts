import { Args, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Role, Roles } from '../auth/index.js';
import { Connection } from '../common/pagination/index.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditService } from './audit.service.js';

@ObjectType()
export class AuditEventConnection extends Connection(AuditEvent) {}

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Query(() => AuditEventConnection, { description: 'REVIEWER and ADMIN; newest first' })
  auditLog(
    @Args('entityType', { type: () => String, nullable: true }) entityType?: string,
    @Args('entityId', { type: () => ID, nullable: true }) entityId?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AuditEventConnection> {
    return this.audit.list(entityType, entityId, first, after);
  }
}
