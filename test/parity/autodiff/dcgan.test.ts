import { test } from 'node:test';
import { reference } from './reference';
import { assertWithin, compareTap } from './compare';

test('dcgan: gan-lens grad matches PyTorch float64 autograd (input and conv weights, L1 loss)', async () => {
  const { dir, manifest } = reference('dcgan');
  for (const tap of Object.keys(manifest.taps)) assertWithin('dcgan', await compareTap(dir, manifest, tap));
});
