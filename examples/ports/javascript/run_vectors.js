"use strict";
// Run the port on every test vector and write a results file for `backprop check-port`.
// Usage: node run_vectors.js [VECTORS.json] [RESULTS.json]
// (defaults: the repository's vectors/backprop_test.json, and results.json in the working directory)
const fs = require("fs");
const path = require("path");
const { ACTIVATIONS, LOSSES, numerics, forward, cost, backward } = require("./backprop.js");

const SUPPORTED = new Set([...Object.keys(ACTIVATIONS), "softmax"]);
const vectorsPath = process.argv[2] || path.join(__dirname, "..", "..", "..", "vectors", "backprop_test.json");
const resultsPath = process.argv[3] || "results.json";

const vectors = JSON.parse(fs.readFileSync(vectorsPath, "utf8"));
const results = {};
for (const group of vectors.testGroups) {
  const net = { activations: group.activations, loss: group.loss, l2: group.l2, dtype: group.dtype };
  const N = numerics(group.dtype);
  const missing = group.activations.filter((name) => !SUPPORTED.has(name));
  for (const test of group.tests) {
    if (missing.length > 0 || !LOSSES.includes(group.loss)) {
      const what = missing.length > 0 ? `activation ${missing.join(", ")}` : `loss ${group.loss}`;
      results[test.tcId] = { skipped: `${what} not ported` };
      continue;
    }
    const inputs = {};   // "value" holds exact decimals; JSON.parse rounds them correctly to float64
    for (const [key, array] of Object.entries(test.inputs)) inputs[key] = N.map(array.value, (x) => x);
    const { X, Y, ...params } = inputs;
    const cache = forward(net, params, X);
    const { A0, ...layers } = cache;
    results[test.tcId] = { cost: cost(net, params, cache, Y), gradients: backward(net, params, cache, Y),
      cache: layers };
  }
}
// JSON.stringify writes the shortest decimal that round-trips (lossless); NaN and Infinity become null.
fs.writeFileSync(resultsPath, JSON.stringify({ port: "examples/ports/javascript", results }) + "\n");
console.log(`wrote ${resultsPath}: ${Object.keys(results).length} tests`);
