/**
 * The network analyzer's public API (see README.md in this folder): reachability between workloads and from the
 * Internet, the connectivity map and its renderings, explanations, diffs and findings.
 */
export { Reachability, type RangeConn } from './reachability.js';
export { NetworkEngine, type EngineOptions, type TraceStep } from './engine.js';
export {
  internetExposure,
  type Exposure,
  type ExposureOptions,
  type ExposurePath,
  type EntryKind,
  type ObjectRef,
} from './exposure.js';
export {
  connectivityLines,
  renderMap,
  lineJson,
  podName,
  INTERNET_PEER,
  MAP_FORMATS,
  type MapFormat,
  type MapLine,
  type MapOptions,
} from './map.js';
export { explain, resolvePeer, renderExplanation, explanationJson, type Explanation, type PeerRef } from './explain.js';
export { diffMaps, renderDiff, type DiffEntry } from './diff.js';
export { analyzeNetwork, networkFindings, describePath, NETWORK_CHECKS, type NetworkAnalysis } from './findings.js';
export { ConnSet, PortRanges, parsePortSpec, type Protocol } from './ports.js';
export { SUPPORTED_POLICY_VERSIONS, type PolicyIssue } from './policies.js';
