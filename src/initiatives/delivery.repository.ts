import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.js';
import { Delivery } from './entities/delivery.entity.js';

/** The SQL of deliveries. */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly db: Database) {}

  byId(id: string): Promise<Delivery | null> {
    return this.db.repository(Delivery).findOneBy({ id });
  }

  /** The row, locked for the rest of the transaction. */
  lock(id: string): Promise<Delivery> {
    return this.db.repository(Delivery).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(delivery: Partial<Delivery>): Promise<Delivery> {
    const repo = this.db.repository(Delivery);
    return repo.save(repo.create(delivery));
  }

  /** Deliveries of each initiative: by due date, undated last, then in the order they were added. */
  ofInitiatives(initiativeIds: readonly string[]): Promise<Delivery[]> {
    return this.db
      .repository(Delivery)
      .createQueryBuilder('d')
      .where({ initiativeId: In([...initiativeIds]) })
      .orderBy('d.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('d.created_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
  }
}
