/**
 * Counts the turns of the event loop in which subscription updates started resolving, and the
 * updates in each: the unit entity fetches are batched by (`EntityBatcher`), so requests per
 * subgraph can be compared with it (`lading_subscription_ticks_total`).
 */
export class UpdateTicks {
  private updates = 0;

  constructor(private readonly onTick: (updates: number) => void) {}

  /** One update starts resolving in this turn. */
  note(): void {
    if (this.updates++ > 0) return;
    setImmediate(() => {
      const updates = this.updates;
      this.updates = 0;
      this.onTick(updates);
    });
  }
}
