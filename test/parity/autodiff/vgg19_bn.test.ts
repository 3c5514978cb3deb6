import { test } from 'node:test';
import { reference } from './reference';
import { assertWithin, compareTap } from './compare';

test('vgg19_bn: gan-lens grad matches PyTorch float64 autograd (input and conv weights, L1 loss)', async () => {
  const { dir, manifest } = reference('vgg19_bn');
  for (const tap of Object.keys(manifest.taps)) assertWithin('vgg19_bn', await compareTap(dir, manifest, tap));
});
