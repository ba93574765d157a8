import { Injectable } from '@nestjs/common';
import { Gate } from '../common/gate.js';

/**
 * Uncached overviews of a large plan are big object graphs (several MB at 5000 initiatives); building more
 * than two at once only makes them wait for the same CPU while holding their memory.
 */
@Injectable()
export class OverviewGate extends Gate {
  constructor() {
    super(2);
  }
}
