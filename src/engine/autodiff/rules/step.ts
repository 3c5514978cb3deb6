/**
 * Slope that turns a clamp into an exact step for float32: α·x ≥ 1 for every normal x ≥ 2⁻¹²⁶ (and the upper
 * half of the denormals), and α·x overflowing to ±∞ clamps like any other large value. HardSigmoid(x; α, 0) and
 * Clip(α·x, −1, 1) are then ReLU's mask and sign(x) as single vectorised passes: onnxruntime's Sign is a scalar
 * loop several times slower, and Greater + Where leave its blocked NCHWc layout.
 */
export const STEP_SLOPE = 2 ** 127;
