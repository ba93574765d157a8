import { Args, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role, Roles } from '../auth/index.js';
import { BadUserInputError } from '../common/errors/index.js';
import { Connection, decodeCursor, pageSize, toConnection } from '../common/pagination/index.js';
import { hasNul } from '../common/text.js';
import { AuditEvent } from './audit-event.entity.js';

@ObjectType()
export class AuditEventConnection extends Connection(AuditEvent) {}

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Query(() => AuditEventConnection, { description: 'REVIEWER and ADMIN; newest first' })
  async auditLog(
    @Args('entityType', { type: () => String, nullable: true }) entityType?: string,
    @Args('entityId', { type: () => ID, nullable: true }) entityId?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<AuditEventConnection> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    if (cursor && !/^\d{1,18}$/.test(String(cursor[0])))
      throw BadUserInputError.field('after', 'is not a cursor from this list');
    // No event is filed under a value with a NUL character, and PostgreSQL refuses one as a parameter.
    if ((entityType && hasNul(entityType)) || (entityId && hasNul(entityId)))
      return toConnection([], size, 0, () => [], !!cursor);
    const filter = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e').where('TRUE');
    if (entityType) filter.andWhere('e.entityType = :entityType', { entityType });
    if (entityId) filter.andWhere('e.entityId = :entityId', { entityId });
    const total = await filter.clone().getCount();
    const page = filter
      .clone()
      .orderBy('e.id', 'DESC')
      .take(size + 1);
    if (cursor) page.andWhere('e.id < :cursor', { cursor: String(cursor[0]) });
    const rows = await page.getMany();
    return toConnection(rows, size, total, (row) => [row.id], !!cursor);
  }
}
