/** Set by the bundler (GAN_LENS_VERSION define) or the environment; '0.0.0-dev' when run from source. */
export const ENGINE_VERSION: string = process.env.GAN_LENS_VERSION ?? '0.0.0-dev';
