import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInside, isInsideAny } from '../../src/extension/config/paths';
import { shellKind, shellLine } from '../../src/extension/config/shell-line';

test('isInside: a report folder contains its files, not ../ escapes or symlinks that lead out', () => {
  const root = mkdtempSync(join(tmpdir(), 'gan-lens-paths-'));
  const report = join(root, 'report');
  mkdirSync(report);
  writeFileSync(join(report, 'grid.png'), '');
  writeFileSync(join(root, 'secret.txt'), '');
  symlinkSync(join(root, 'secret.txt'), join(report, 'link.txt'));
  assert.ok(isInside(join(report, 'grid.png'), report));
  assert.ok(isInside(report, report));
  assert.ok(!isInside(join(report, '..', 'secret.txt'), report));
  assert.ok(!isInside('/etc/passwd', report));
  assert.ok(!isInside(join(report, 'link.txt'), report), 'a symlink out of the folder is outside');
  assert.ok(!isInside(`${report}-sibling/x`, report), 'a sibling with the same prefix is outside');
  assert.ok(isInsideAny(join(report, 'grid.png'), ['/nonexistent', report]));
  assert.ok(!isInsideAny(join(report, 'grid.png'), []));
});

test('shellLine: POSIX sh receives every argument unchanged (spaces, quotes, $, backticks)', () => {
  const args = ["/tmp/my dir/it's $HOME `id`.json", 'plain', '--out', 'a "b" c'];
  const line = shellLine(['printf', '%s\\n', ...args], 'posix');
  assert.equal(execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' }), `${args.join('\n')}\n`);
});

test('shellLine: PowerShell and cmd.exe get their own quoting; the shell is chosen from its path', () => {
  assert.equal(shellLine(['C:\\Program Files\\node.exe', "it's"], 'powershell'), "& 'C:\\Program Files\\node.exe' 'it''s'");
  assert.equal(shellLine(['C:\\node.exe', 'say "hi" 100%'], 'cmd'), '"C:\\node.exe" "say ""hi"" 100%%"');
  assert.equal(shellKind('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'), 'powershell');
  assert.equal(shellKind('/usr/bin/pwsh'), 'powershell');
  assert.equal(shellKind('C:\\Windows\\System32\\cmd.exe'), 'cmd');
  assert.equal(shellKind('/bin/zsh'), 'posix');
});
