import { describe } from 'vitest';
import { imageLocality, nodeResourcesBalancedAllocation, nodeResourcesFit } from '../../../shared/scheduler';
import { node, pod } from './fixtures';
import { pluginSuite } from './plugin-suite';

const MB = 1024 * 1024;
// Upstream's noderesources tests use cpu in millicores and memory in bytes: nodes 4000m/10000 and 6000m/10000,
// a pod asking 1000m+2000m cpu and 2000+3000 bytes memory.
const twoNodes = [node('machine1', '4000m', '10000'), node('machine2', '6000m', '10000')];
const cpuAndMemory = {
  ...pod('p', {}),
  spec: {
    containers: [
      { name: 'a', resources: { requests: { cpu: '1000m', memory: '2000' } } },
      { name: 'b', resources: { requests: { cpu: '2000m', memory: '3000' } } },
    ],
  },
};

describe('NodeResourcesFit', () => {
  pluginSuite([
    {
      name: 'LeastAllocated, differently sized machines (upstream: 37, 50)',
      plugin: nodeResourcesFit(),
      nodes: twoNodes,
      pod: cpuAndMemory,
      raw: { machine1: 37, machine2: 50 },
    },
    {
      name: 'MostAllocated, differently sized machines (upstream: 62, 50)',
      plugin: nodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } }),
      nodes: twoNodes,
      pod: cpuAndMemory,
      raw: { machine1: 62, machine2: 50 },
    },
    {
      name: 'RequestedToCapacityRatio shape 0→0,100→10: cpu 75, mem 50 → round(62.5) = 63',
      plugin: nodeResourcesFit({ scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } }),
      nodes: twoNodes,
      pod: cpuAndMemory,
      raw: { machine1: 63, machine2: 50 },
    },
    {
      name: 'LeastAllocated with cpu weight 3: (25·3 + 50)/4 = 31',
      plugin: nodeResourcesFit({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] } }),
      nodes: [node('machine1', '4000m', '10000')],
      pod: cpuAndMemory,
      raw: { machine1: 31 },
    },
    {
      name: 'a pod without requests counts as 100m/200Mi when scoring',
      plugin: nodeResourcesFit(),
      nodes: [node('n', '1', '1000Mi')],
      pod: pod('p'),
      // cpu (1000-100)*100/1000 = 90, memory (1000-200)*100/1000 = 80 → 85
      raw: { n: 85 },
    },
    {
      name: 'filter: insufficient cpu and memory, too many pods',
      plugin: nodeResourcesFit(),
      nodes: [node('small', '1', '1Gi'), node('full', '8', '8Gi', { pods: '1' }), node('big', '8', '8Gi')],
      pods: [pod('existing', { cpu: '500m' }, { node: 'full' })],
      pod: pod('p', { cpu: '2', memory: '2Gi' }),
      filter: { small: 'Insufficient cpu, Insufficient memory', full: 'Too many pods', big: null },
    },
    {
      name: 'filter: existing requests are subtracted',
      plugin: nodeResourcesFit(),
      nodes: [node('n', '2', '4Gi')],
      pods: [pod('e', { cpu: '1500m' }, { node: 'n' })],
      pod: pod('p', { cpu: '600m' }),
      filter: { n: 'Insufficient cpu' },
    },
  ]);
});

describe('NodeResourcesBalancedAllocation', () => {
  pluginSuite([
    {
      name: 'differently sized machines (upstream: 87, 100)',
      plugin: nodeResourcesBalancedAllocation(),
      nodes: twoNodes,
      pod: cpuAndMemory,
      raw: { machine1: 87, machine2: 100 },
    },
    {
      name: 'uses real requests, not the non-zero defaults',
      plugin: nodeResourcesBalancedAllocation(),
      nodes: [node('n', '1', '1000Mi')],
      pod: pod('p', { cpu: '500m' }),
      // fractions 0.5 and 0 → std 0.25 → 75
      raw: { n: 75 },
    },
  ]);
});

describe('ImageLocality', () => {
  const withImages = [
    node('machine1', '4', '8Gi', { images: [['gcr.io/40:latest', 40 * MB], ['gcr.io/250:latest', 250 * MB]] }),
    node('machine2', '4', '8Gi', { images: [['gcr.io/300:latest', 300 * MB], ['gcr.io/2000:latest', 2000 * MB]] }),
  ];
  const imgPod = (...images: string[]) => ({ ...pod('p'), spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } });
  pluginSuite([
    {
      name: 'two images on one node: 100·(40M/2 + 250M/2 − 23M)/(2000M − 23M) = 6',
      plugin: imageLocality(),
      nodes: withImages,
      pod: imgPod('gcr.io/40', 'gcr.io/250'),
      raw: { machine1: 6, machine2: 0 },
    },
    {
      name: 'a large image is capped at 1000M per container: 100·(2000M/2 − 23M)/(1000M − 23M) = 100',
      plugin: imageLocality(),
      nodes: withImages,
      pod: imgPod('gcr.io/2000:latest'),
      raw: { machine1: 0, machine2: 100 },
    },
  ]);
});
