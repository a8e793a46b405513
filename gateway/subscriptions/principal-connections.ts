/**
 * Open live connections per principal (`sub`), over every transport (graphql-ws, SSE, multipart),
 * so that one token cannot hoard sockets. Over the cap: graphql-ws closes with 4429, HTTP answers 429.
 */
export class PrincipalConnections {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Counts a new connection of `sub`; false (nothing counted) when it already holds `max`. */
  tryOpen(sub: string): boolean {
    const open = this.open.get(sub) ?? 0;
    if (open >= this.max) return false;
    this.open.set(sub, open + 1);
    return true;
  }

  close(sub: string): void {
    const left = (this.open.get(sub) ?? 1) - 1;
    if (left > 0) this.open.set(sub, left);
    else this.open.delete(sub);
  }

  count(sub: string): number {
    return this.open.get(sub) ?? 0;
  }
}
