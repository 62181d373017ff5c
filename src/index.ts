export { BuildStrategy } from './build-strategy';
export { ImageOptions, PlatformOverride } from './image';
export { HostArchitecture, Platform } from './platform';
export { MultiArchImagePublisher, MultiArchImagePublisherOptions } from './publisher';
export { CustomRegistryOptions, DockerHubOptions, EcrOptions, GhcrOptions, Registry, RegistryKind } from './registry';
export { Runner } from './runner';
export { EdgeTagRuleOptions, FlavorOptions, LatestTag, MatchTagRuleOptions, RefEvent, ShaTagRuleOptions, TagRule, TagRuleOptions } from './tags';
export { TriggerOptions } from './triggers';
