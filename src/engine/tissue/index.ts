/** Procedural demo tissue: seeded tiles with labels, and writers for PNG folders and .npy batches. */
export { generateTile, DEFAULT_TILE_SIZE, type DemoTile } from './tile';
export { LABEL_NAMES, NUM_CLASSES, LABEL_BACKGROUND, LABEL_STROMA, LABEL_EPITHELIUM, LABEL_TUMOUR } from './labels';
export { STAIN_STYLES } from './stain';
export { writeTiles, type WriteTilesOptions, type WriteTilesResult } from './writer';
