export * from './leases';
