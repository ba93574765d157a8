import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Viewer } from '../auth/viewer.js';
import { Database } from './database.js';
import { ReplicaSet } from './replicas.js';
import { requestTally } from './sql-counter.js';

/**
 * Sends the reads of an anonymous caller to a read replica that is up and caught up; every signed-in
 * caller reads the primary, so an owner always sees what they just saved (and every write goes to the
 * primary, in Database.transaction). Runs after sign-in.
 */
@Injectable()
export class ReadRouteMiddleware implements NestMiddleware {
  constructor(
    private readonly replicas: ReplicaSet,
    private readonly db: Database,
  ) {}

  use(req: Request & { viewer?: Viewer | null }, _res: Response, next: NextFunction): void {
    const tally = requestTally.getStore();
    if (tally) {
      // What the replica was chosen for: reads of another request may be shared only if it was the same.
      tally.changesAtStart = this.db.publicCommits;
      if (!req.viewer && this.replicas.replicas.length > 0) tally.replica = this.replicas.pick();
    }
    next();
  }
}
