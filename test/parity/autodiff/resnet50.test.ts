import { test } from 'node:test';
import { reference } from './reference';
import { assertWithin, compareTap } from './compare';

test('resnet50: gan-lens grad matches PyTorch float64 autograd (input and conv weights, L1 loss)', async () => {
  const { dir, manifest } = reference('resnet50');
  for (const tap of Object.keys(manifest.taps)) assertWithin('resnet50', await compareTap(dir, manifest, tap));
});
