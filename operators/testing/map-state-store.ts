// Test-facing re-export of the Map-backed StateStore (the implementation lives in operators/state/).
export { MapStateStore, type StateStoreChanges } from '../state/map-state-store';
