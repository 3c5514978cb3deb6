export { withLoss, type LossTerm, type LossModel } from './withloss';
export { LOSS_TERMS, type LossKind } from './terms';
