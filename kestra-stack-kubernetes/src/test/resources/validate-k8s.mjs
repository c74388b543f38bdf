// Validates Kubernetes objects against the JSON schemas of the npm packages kubernetes-models and
// @kubernetes-models/gateway-api (types, enums, required fields, patterns).
// Usage: node validate-k8s.mjs TOOLS_DIR OBJECTS.json   (a JSON object {"file": object, ...})
// Prints one line per object; exits 1 if any object is invalid or of an unknown kind.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [tools, input] = process.argv.slice(2);
const objects = JSON.parse(readFileSync(input, "utf8"));
let failed = 0;
for (const [file, object] of Object.entries(objects)) {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const pkg = apiVersion.startsWith("gateway.networking.k8s.io/")
    ? join(tools, "node_modules", "@kubernetes-models", "gateway-api")
    : join(tools, "node_modules", "kubernetes-models");
  const module = join(pkg, apiVersion, kind + ".js");
  let Model;
  try {
    Model = (await import(pathToFileURL(module).href))[kind];
  } catch (e) {
    console.log(`FAIL ${file}: no schema for ${apiVersion} ${kind}`);
    failed++;
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`OK ${file} ${apiVersion} ${kind}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${file} ${apiVersion} ${kind}: ${e.message}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
