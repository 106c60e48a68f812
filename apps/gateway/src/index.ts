export { buildApp } from './app';
export { startGateway, type RunningGateway } from './gateway';
