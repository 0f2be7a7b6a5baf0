// The Nexmark connector's public surface: event model, generator, config and the 'nexmark' source.
export * from './model';
export {
  DEFAULT_NEXMARK_CONFIG, NEXMARK_BASE_TIME_MS, eventIdAt, eventTimestampMs, resolveNexmarkConfig, watermarkAt,
  type NexmarkConfig,
} from './config';
export {
  FIRST_AUCTION_ID, FIRST_CATEGORY_ID, FIRST_PERSON_ID, NUM_CATEGORIES, eventTypeOf, generateAuction, generateBid,
  generateEvent, generatePerson, nexmarkEvents,
} from './generator';
export {
  NEXMARK_METADATA_KEY, NEXMARK_METADATA_VERSION, NEXMARK_OPTIONS, NexmarkSource, nexmarkSourceFactory, parseNexmarkOptions,
  registerNexmark, type NexmarkSourceOptions,
} from './nexmark-source';
