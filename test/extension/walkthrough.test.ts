import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[] }[];
  };
}

test('the first-run walkthrough: every step has its media, and every command it links or waits for exists', () => {
  const m = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const commands = new Set(m.contributes.commands.map((c) => c.command));
  const views = Object.values(m.contributes.views).flat().map((v) => v.id);
  for (const v of views) commands.add(`${v}.focus`); // VS Code makes a focus command per view
  const [w] = m.contributes.walkthroughs;
  assert.ok(w, 'a walkthrough is contributed');
  assert.deepEqual(w.steps.map((s) => s.id), ['openDemo', 'invert', 'paint', 'ownModels']);
  for (const s of w.steps) {
    assert.ok(s.media.markdown && existsSync(join(ROOT, s.media.markdown)), `${s.id}: ${s.media.markdown} exists`);
    for (const [, c] of s.description.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commands.has(c!) || c!.startsWith('workbench.'), `${s.id} links ${c}`);
    for (const e of s.completionEvents ?? []) {
      if (e.startsWith('onCommand:ganLens.')) assert.ok(commands.has(e.slice('onCommand:'.length)), `${s.id} waits for ${e}`);
      if (e.startsWith('onView:')) assert.ok(views.includes(e.slice('onView:'.length)), `${s.id} waits for ${e}`);
    }
  }
  // The own-models step shows the documented export commands, word for word.
  const guide = readFileSync(join(ROOT, 'docs/exporting-models.md'), 'utf8');
  const own = readFileSync(join(ROOT, 'media/walkthrough/own-models.md'), 'utf8');
  for (const line of own.split('\n').filter((l) => l.startsWith('python3 ') || l.startsWith('    --'))) assert.ok(guide.includes(line), `docs/exporting-models.md has: ${line}`);
});
