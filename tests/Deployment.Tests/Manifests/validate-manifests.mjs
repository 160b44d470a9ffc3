// Validates rendered Kubernetes objects against the Kubernetes API's OpenAPI schemas, offline: kubernetes-models
// (npm; one ajv validator per API type, generated from the Kubernetes OpenAPI spec: types, required fields, enums,
// formats) and @kubernetes-models/gateway-api for Gateway API kinds.
// Usage: node validate-manifests.mjs <node_modules dir> <rendered.yaml>...
// Prints one line per object, "<file>\t<apiVersion>\t<kind>\t<name>\t<ok|invalid|unchecked>\t<detail>", and exits 1
// when any object is invalid. "unchecked" means no package here has a schema for that apiVersion/kind.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const modules = path.resolve(process.argv[2]);
const yaml = createRequire(path.join(modules, 'noop.js'))('yaml');

function modelFile(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group.startsWith('gateway.networking.')) return path.join(modules, '@kubernetes-models/gateway-api', group, version, `${kind}.js`);
  return path.join(modules, 'kubernetes-models', ...(group ? [group] : []), version, `${kind}.js`);
}

let invalid = 0;
for (const file of process.argv.slice(3)) {
  for (const doc of yaml.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj === null) continue;
    const { apiVersion = '', kind = '' } = obj;
    const name = obj.metadata?.name ?? '';
    const where = modelFile(apiVersion, kind);
    let verdict = 'ok';
    let detail = '';
    if (!kind || !apiVersion) {
      verdict = 'invalid';
      detail = 'apiVersion and kind are required';
    } else if (!fs.existsSync(where)) {
      verdict = 'unchecked';
      detail = 'no schema for this apiVersion and kind';
    } else {
      const Model = Object.values(await import(pathToFileURL(where).href)).find(v => typeof v === 'function' && v.kind === kind);
      try {
        new Model(obj).validate();
      } catch (e) {
        verdict = 'invalid';
        detail = e.message.replace(/\s+/g, ' ');
      }
    }
    if (verdict === 'invalid') invalid++;
    console.log([file, apiVersion, kind, name, verdict, detail].join('\t'));
  }
}
process.exit(invalid === 0 ? 0 : 1);
