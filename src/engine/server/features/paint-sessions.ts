/** Open painting sessions of the engine process (one per paint panel), by id. */
import type { PaintingSession } from '../../paint/session';
import { badInput } from '../../util/errors';

const MAX_SESSIONS = 4;

export class PaintSessions {
  private readonly sessions = new Map<string, PaintingSession>();
  private next = 1;

  add(s: PaintingSession): string {
    const id = `paint-${this.next++}`;
    this.sessions.set(id, s);
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return id;
  }

  get(id: unknown): PaintingSession {
    const s = typeof id === 'string' ? this.sessions.get(id) : undefined;
    if (!s) throw badInput(`No open painting session ${JSON.stringify(id)}.`, { hint: 'The engine restarted or the session was closed; open the paint panel again.' });
    return s;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  clear(): void {
    this.sessions.clear();
  }
}
