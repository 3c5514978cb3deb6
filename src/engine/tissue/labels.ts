/** Classes of the demo tissue tiles. */
export const LABEL_BACKGROUND = 0;
export const LABEL_STROMA = 1;
export const LABEL_EPITHELIUM = 2;
export const LABEL_TUMOUR = 3;

/** Class names by label value: background covers slide glass, gland lumina and fat. */
export const LABEL_NAMES = ['background', 'stroma', 'epithelium', 'tumour'] as const;
export const NUM_CLASSES = LABEL_NAMES.length;
