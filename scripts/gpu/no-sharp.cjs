// Stands in for sharp in the GPU benchmark bundle: the benchmark decodes no images, and the GPU machine has no sharp.
module.exports = function sharp() {
  throw new Error('sharp is not part of the GPU benchmark bundle (scripts/gpu/bundle.mjs)');
};
