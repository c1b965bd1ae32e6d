import type { Page } from '@playwright/test';
import type { CommandName, CommandOutput } from '../../src/shared/contract';

/** Calls a command from inside the page with the token it keeps in session storage, as the renderer does. */
export async function call<N extends CommandName>(page: Page, name: N, input: unknown): Promise<CommandOutput<N>> {
  const outcome = await page.evaluate(
    async ([n, body]) => {
      const authorization = `Bearer ${sessionStorage.getItem('gmpw-token')}`;
      const response = await fetch(`/api/${n}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
      return response.json() as Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;
    },
    [name, input] as const,
  );
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error?.message}`);
  return outcome.value as CommandOutput<N>;
}
