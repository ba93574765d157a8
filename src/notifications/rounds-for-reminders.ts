import { Injectable } from '@nestjs/common';
import { OverviewService } from '../overview/overview.service.js';
import { RoundState } from '../rounds/entities/reporting-round-record.entity.js';
import { RoundService } from '../rounds/round.service.js';
import type { OpenRound, OpenRounds } from './open-rounds.js';

/** The rounds module's rounds as the reminder pass needs them (provided as OPEN_ROUNDS). */
@Injectable()
export class RoundsForReminders implements OpenRounds {
  constructor(
    private readonly rounds: RoundService,
    private readonly overview: OverviewService,
  ) {}

  async openRounds(): Promise<OpenRound[]> {
    return (await this.rounds.list())
      .filter((round) => round.state === RoundState.OPEN)
      .map((round) => ({ period: round.period, dueDate: round.dueDate }));
  }

  async missingInitiativeIds(period: string): Promise<string[]> {
    const [round] = await this.overview.reportingRounds([period], { initiative: new Set(['id']) });
    return round.missing.map((initiative) => initiative.id);
  }
}
