export { FEATURE_SPEC, FEATURE_VERSION, checkSpec, type FeatureSpec } from './spec';
export { SHAPE_FEATURES, describeFeatures, shapeFlags } from './describe';
export { extractFeatures, fillDense, fillDenseZeroed } from './extract';
