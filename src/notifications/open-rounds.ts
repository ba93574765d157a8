/**
 * What the reminder pass needs to know of the reporting rounds, stated here and implemented by the rounds
 * module (which provides it under OPEN_ROUNDS), so that notifications reads rounds without the rounds
 * module knowing anything of notifications. Without a provider the pass has no rounds and sends nothing.
 */
export interface OpenRound {
  /** YYYY-Qn */
  period: string;
  /** The day updates are due, YYYY-MM-DD in Europe/Oslo */
  dueDate: string;
}

export interface OpenRounds {
  /** Every round that is OPEN now, with its current due date. */
  openRounds(): Promise<OpenRound[]>;
  /** The round's `missing` now: ids of its expected (ACTIVE) initiatives that have not submitted. */
  missingInitiativeIds(period: string): Promise<string[]>;
}

/** The injection token of the OpenRounds implementation. */
export const OPEN_ROUNDS = Symbol('OpenRounds');
