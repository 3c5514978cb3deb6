/** Ops whose outputs carry no gradient: shapes, indices, comparisons, rounding. Paths through them are constants. */
export const NON_DIFFERENTIABLE = new Set([
  'Shape', 'Size', 'ConstantOfShape', 'Range', 'EyeLike', 'NonZero', 'ArgMax', 'ArgMin', 'TopK_indices',
  'Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf',
  'Sign', 'Floor', 'Ceil', 'Round', 'Constant', 'RandomNormal', 'RandomUniform', 'RandomNormalLike',
  'RandomUniformLike', 'Bernoulli', 'Multinomial', 'OneHot', 'BitShift', 'Mod',
]);
