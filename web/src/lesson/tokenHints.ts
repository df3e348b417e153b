/** The token's claims, read without verifying them (the server does): to pick a view and language early. */
export function tokenHints(token: string): { role?: string; sub?: string } {
  try {
    const json = atob(token.split('.')[1]?.replace(/-/g, '+').replace(/_/g, '/') ?? '');
    const payload = JSON.parse(json) as { role?: unknown; sub?: unknown };
    return {
      role: typeof payload.role === 'string' ? payload.role : undefined,
      sub: typeof payload.sub === 'string' ? payload.sub : undefined,
    };
  } catch {
    return {};
  }
}
