import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { generateTile } from '../../../src/engine/tissue';
import { main } from '../../../src/engine/cli/main';

test('demo-data --format npy writes images.npy (N,H,W,3) and labels.npy (N,H,W) holding the generated tiles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-npy-'));
  try {
    assert.equal(await main(['demo-data', '--n', '3', '--seed', '9', '--out', dir, '--format', 'npy', '--size', '32', '--start', '2']), 0);
    const images = readFileSync(join(dir, 'images.npy'));
    const labels = readFileSync(join(dir, 'labels.npy'));
    const headerLen = images.readUInt16LE(8);
    const header = images.subarray(10, 10 + headerLen).toString('latin1');
    assert.match(header, /'descr': '\|u1'/);
    assert.match(header, /'shape': \(3, 32, 32, 3\)/);
    assert.equal((10 + headerLen) % 64, 0);
    const body = images.subarray(10 + headerLen);
    assert.equal(body.length, 3 * 32 * 32 * 3);
    assert.deepEqual(new Uint8Array(body.subarray(32 * 32 * 3, 2 * 32 * 32 * 3)), generateTile(9, 3, 32).rgb);
    const lh = labels.readUInt16LE(8);
    assert.match(labels.subarray(10, 10 + lh).toString('latin1'), /'shape': \(3, 32, 32\)/);
    assert.deepEqual(new Uint8Array(labels.subarray(10 + lh, 10 + lh + 32 * 32)), generateTile(9, 2, 32).labels);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo-data png writes RGB images and single-channel masks that decode to the same tiles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-png-'));
  try {
    assert.equal(await main(['demo-data', '--n', '2', '--seed', '4', '--out', dir]), 0);
    assert.deepEqual(readdirSync(join(dir, 'images')), ['tile_00000.png', 'tile_00001.png']);
    const img = await sharp(join(dir, 'images', 'tile_00001.png')).raw().toBuffer({ resolveWithObject: true });
    assert.equal(img.info.channels, 3);
    assert.deepEqual(new Uint8Array(img.data), generateTile(4, 1).rgb);
    const maskPath = join(dir, 'masks', 'tile_00001.png');
    assert.equal((await sharp(maskPath).metadata()).channels, 1);
    const mask = await sharp(maskPath).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual(new Uint8Array(mask.data), generateTile(4, 1).labels);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo-data refuses a bad format and a missing --n with exit code 2', async () => {
  assert.equal(await main(['demo-data', '--n', '2', '--seed', '1', '--out', '/tmp/x', '--format', 'jpg']), 2);
  assert.equal(await main(['demo-data', '--seed', '1', '--out', '/tmp/x']), 2);
});
