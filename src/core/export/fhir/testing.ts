/**
 * Test support, Node only (reads the vendored schema): validates FHIR R4 resources against the official JSON schema
 * (standards/fhir-r4/fhir.schema.json.gz, CC0) with ajv, one resource at a time so an error names its resource, and
 * then checks what that schema cannot require (../shared/reference/exports-and-report.md, trap 2: a `_status` may
 * stand in for `status`, so no primitive is required): the required elements the export relies on, and that every
 * reference resolves to an entry of the Bundle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Bundle, FhirResource } from 'fhir/r4.js';

const SCHEMA = new URL('../../../../standards/fhir-r4/fhir.schema.json.gz', import.meta.url);

let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();

function validatorFor(resourceType: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    const require = createRequire(import.meta.url);
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as object);
    const schema = JSON.parse(gunzipSync(readFileSync(SCHEMA)).toString('utf8')) as Record<string, unknown>;
    // ajv 8 rejects draft-06's `id` keyword (trap 3); the schema is addressed by the name given here instead.
    delete schema.id;
    ajv.addSchema(schema, 'fhir');
  }
  let validate = validators.get(resourceType);
  if (!validate) {
    validate = ajv.getSchema(`fhir#/definitions/${resourceType}`);
    if (!validate) throw new Error(`The FHIR R4 schema has no ${resourceType}`);
    validators.set(resourceType, validate);
  }
  return validate;
}

/** Schema errors of one resource, as `Type/id path: message`; empty when valid. */
export function fhirSchemaErrors(resource: { resourceType: string; id?: string | undefined }): string[] {
  const validate = validatorFor(resource.resourceType);
  const data: unknown = resource;
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${resource.resourceType}/${resource.id ?? '?'} ${e.instancePath}: ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** The elements FHIR R4 requires (1..1) on the resources the export writes, which the JSON schema lets through. */
const REQUIRED: Record<string, readonly string[]> = {
  ResearchStudy: ['status'],
  ResearchSubject: ['status', 'study', 'individual'],
  Observation: ['status', 'code'],
  ImagingStudy: ['status', 'subject'],
  CodeSystem: ['status', 'content'],
  Patient: [],
};

function references(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => references(n, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'reference' && typeof value === 'string') found.push(value);
      else references(value, found);
    }
  }
  return found;
}

/** Everything wrong with a Bundle: schema errors per resource, missing required elements, dangling references. */
export function fhirBundleProblems(bundle: Bundle<FhirResource>): string[] {
  const problems: string[] = [];
  if (!bundle.type) problems.push('Bundle.type is missing');
  const entries = bundle.entry ?? [];
  const fullUrls = new Set(entries.map((e) => e.fullUrl));
  for (const entry of entries) {
    const resource = entry.resource;
    if (!resource) {
      problems.push(`${entry.fullUrl}: no resource`);
      continue;
    }
    problems.push(...fhirSchemaErrors(resource));
    const required = REQUIRED[resource.resourceType];
    if (!required) problems.push(`${resource.resourceType}: not a type the export is expected to write`);
    for (const element of required ?? []) {
      if ((resource as unknown as Record<string, unknown>)[element] === undefined) {
        problems.push(`${resource.resourceType}/${resource.id ?? '?'}: ${element} is required`);
      }
    }
    for (const reference of references(resource)) {
      if (!fullUrls.has(reference))
        problems.push(`${resource.resourceType}/${resource.id ?? '?'}: ${reference} resolves to no entry`);
    }
  }
  // The shell is validated without its entries, which were validated one by one above.
  const { entry: _validatedAbove, ...shell } = bundle;
  problems.push(...fhirSchemaErrors(shell));
  return problems;
}
