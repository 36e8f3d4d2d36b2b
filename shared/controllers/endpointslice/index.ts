export { reconcileEndpointSlices, ENDPOINT_SLICES, type EndpointSliceInput, type EndpointSliceResult } from './reconcile-endpoint-slices';
export {
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  ENDPOINTSLICE_CONTROLLER_NAME,
  LABEL_HEADLESS,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  TOPOLOGY_ZONE_LABEL,
  endpointPorts,
  newEndpointSlice,
  podToEndpoint,
  sameLabels,
} from './endpoint-slice-meta';
export { addressTypesForService, canonicalIP, findPort, isServiceIPSet, shouldPodBeInEndpoints, shouldSetHostname, type AddressType } from './pod-endpoints';
export { selectsPod, servicesSelecting } from './service-selection';
export { topologyHintsEnabled } from './traffic-distribution';
export { serviceKeysFor, parseServiceKey, type ServiceScope } from './service-keys';
