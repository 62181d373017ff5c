export * from './build-strategy';
export * from './image';
export * from './platform';
export * from './publisher';
export * from './registry';
export * from './runner';
export * from './tags';
export * from './triggers';
