import { Agent, request } from 'undici';
import type { TargetPolicy } from './target-guard';
import { TargetRefused, checkTargetUrl, guardedLookup } from './target-guard';

export interface SendResult {
  statusCode: number | null;
  error: string | null;
}

/**
 * POSTs one delivery. Redirects are not followed (a 3xx is a failure: following one would let a
 * receiver point Lading anywhere), and every connection resolves through the SSRF guard.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly options: TargetPolicy & { timeoutMs: number }) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(options.allowPrivateTargets) as never, timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    try {
      checkTargetUrl(url, this.options);
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Lading-Webhooks/1', ...headers },
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.body.dump();
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return { statusCode: response.statusCode, error: ok ? null : `receiver answered ${response.statusCode}` };
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const refused = error instanceof TargetRefused ? error : cause instanceof TargetRefused ? cause : null;
      return { statusCode: null, error: refused ? `refused: ${refused.message}` : (error as Error).message || String(error) };
    }
  }

  async dispose(): Promise<void> {
    await this.agent.close();
  }
}
