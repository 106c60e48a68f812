export * from './scenarios';
export { runLoad, tally, type Sent } from './load';
