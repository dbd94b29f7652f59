"use strict";
// Forward propagation, cost and backward propagation for a fully-connected network, in plain
// JavaScript: a port of docs/formulas.md. Matrices are arrays of rows; X is (n[0], m), one column
// per example; W[l] is (n[l], n[l-1]); b[l] is (n[l], 1); Z[l], A[l], dZ[l] are (n[l], m).
// dtype "float32" rounds every operation to float32 (Math.fround); "float64" is JavaScript's own.

const LEAKY_SLOPE = 0.01;
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;
// gelu's t and the 3 k z^2 of gelu' take z clipped to [-10, 10] (docs/formulas.md): past |z| = 10, t is +-1, and
// z^2 stays finite, so gelu' is not 0 * inf = NaN past |z| ~ 1.3e154.
const geluU = (z) => Math.min(Math.max(z, -10), 10);

const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const geluT = (u) => Math.tanh(GELU_C * (u + GELU_K * u * u * u));

// Each activation g beside its derivative g'(z), given z and a = g(z). Kinks as jax.nn:
// relu'(0) = 0, leaky_relu'(0) = 1, elu'(0) = 1. softmax is handled by column (softmaxColumns).
const ACTIVATIONS = {
  sigmoid: { g: sigmoid, prime: (z, a) => a * (1 - a) },
  tanh: { g: Math.tanh, prime: (z, a) => 1 - a * a },
  relu: { g: (z) => (z > 0 ? z : 0), prime: (z) => (z > 0 ? 1 : 0) },
  leaky_relu: { g: (z) => (z >= 0 ? z : LEAKY_SLOPE * z), prime: (z) => (z >= 0 ? 1 : LEAKY_SLOPE) },
  identity: { g: (z) => z, prime: () => 1 },
  softplus: { g: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))), prime: (z) => sigmoid(z) },
  elu: { g: (z) => (z > 0 ? z : Math.expm1(z)), prime: (z) => (z > 0 ? 1 : Math.exp(z)) },
  gelu: {
    g: (z) => 0.5 * z * (1 + geluT(geluU(z))),
    prime: (z) => {
      const u = geluU(z), t = geluT(u);
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * u * u);
    },
  },
  silu: { g: (z) => z * sigmoid(z), prime: (z) => { const s = sigmoid(z); return s * (1 + z * (1 - s)); } },
};
const FUSED = new Set(["sigmoid+binary_cross_entropy", "softmax+categorical_cross_entropy",
  "identity+mean_squared_error"]);

// Matrix operations, each result rounded to the dtype.
function numerics(dtype) {
  const r = dtype === "float32" ? Math.fround : (x) => x;
  const map = (A, f) => A.map((row) => row.map((x) => r(f(x))));
  const zip = (A, B, f) => A.map((row, i) => row.map((x, j) => r(f(x, B[i][j]))));
  const matmul = (A, B) => A.map((row) => B[0].map((_, j) => {
    let s = 0;
    for (let k = 0; k < row.length; k++) s = r(s + r(row[k] * B[k][j]));
    return s;
  }));
  const transpose = (A) => A[0].map((_, j) => A.map((row) => row[j]));
  const sumRows = (A) => A.map((row) => [row.reduce((s, x) => r(s + x), 0)]);   // (n, m) -> (n, 1)
  const sum = (A) => A.reduce((s, row) => row.reduce((t, x) => r(t + x), s), 0);
  const add = (A, B) => zip(A, B, (x, y) => x + y);
  const mul = (A, B) => zip(A, B, (x, y) => x * y);
  const columns = (A, f) => transpose(transpose(A).map((col) => f(col)));
  return { r, map, zip, matmul, transpose, sumRows, sum, add, mul, columns };
}

// softmax over the units of each column, with the column's max subtracted so no exp overflows.
function softmaxColumns(N, Z) {
  return N.columns(Z, (z) => {
    const zmax = Math.max(...z);
    const e = z.map((x) => N.r(Math.exp(N.r(x - zmax))));
    const total = e.reduce((s, x) => N.r(s + x), 0);
    return e.map((x) => N.r(x / total));
  });
}

// Z[l] = W[l] A[l-1] + b[l];  A[l] = g[l](Z[l]).  Returns the cache {A0: X, Z1, A1, ..., ZL, AL}.
function forward(net, params, X) {
  const N = numerics(net.dtype);
  const cache = { A0: X };
  let A = X;
  net.activations.forEach((name, i) => {
    const l = i + 1;
    const b = params[`b${l}`];
    const Z = N.matmul(params[`W${l}`], A).map((row, u) => row.map((x) => N.r(x + b[u][0])));
    A = name === "softmax" ? softmaxColumns(N, Z) : N.map(Z, ACTIVATIONS[name].g);
    cache[`Z${l}`] = Z;
    cache[`A${l}`] = A;
  });
  return cache;
}

// Sum of the per-example losses over units and examples, from the logits Z for the cross-entropies.
function lossTotal(N, loss, Z, A, Y) {
  if (loss === "binary_cross_entropy") {
    return N.sum(N.zip(Z, Y, (z, y) => Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)))));
  }
  if (loss === "categorical_cross_entropy") {
    const perUnit = N.columns(Z, (z) => {
      const zmax = Math.max(...z);
      const logSum = N.r(Math.log(z.reduce((s, x) => N.r(s + N.r(Math.exp(N.r(x - zmax)))), 0)));
      return z.map((x) => N.r(N.r(zmax - x) + logSum));
    });
    return N.sum(N.mul(Y, perUnit));
  }
  if (loss === "mean_squared_error") return N.r(0.5 * N.sum(N.map(N.zip(A, Y, (a, y) => a - y), (d) => d * d)));
  throw new Error(`loss ${loss} not ported`);
}

// J = (1/m) sum_i L(a_i, y_i) + (lambda / 2m) sum_l ||W[l]||_F^2.
function cost(net, params, cache, Y) {
  const N = numerics(net.dtype);
  const L = net.activations.length;
  const m = Y[0].length;
  let J = N.r(lossTotal(N, net.loss, cache[`Z${L}`], cache[`A${L}`], Y) / m);
  if (net.l2 > 0) {
    let squares = 0;
    for (let l = 1; l <= L; l++) squares = N.r(squares + N.sum(N.mul(params[`W${l}`], params[`W${l}`])));
    J = N.r(J + N.r(N.r(net.l2 / (2 * m)) * squares));
  }
  return J;
}

// dZ[l] from dA[l] for an elementwise g: dZ[l] = dA[l] * g'(Z[l]); softmax: its Jacobian product.
function activationBackward(N, name, Z, A, dA) {
  if (name === "softmax") {
    const dot = N.sumRows(N.transpose(N.mul(A, dA)));  // (m, 1): sum_i a_i dA_i per column
    return A.map((row, i) => row.map((a, j) => N.r(a * N.r(dA[i][j] - dot[j][0]))));
  }
  const prime = ACTIVATIONS[name].prime;
  return N.mul(dA, N.zip(Z, A, prime));
}

// The gradients {dW1, db1, ..., dWL, dbL} of J, by backward propagation from the cache.
function backward(net, params, cache, Y) {
  const N = numerics(net.dtype);
  const L = net.activations.length;
  const m = Y[0].length;
  const output = net.activations[L - 1];
  const AL = cache[`A${L}`];
  let dZ;
  if (FUSED.has(`${output}+${net.loss}`)) {
    dZ = N.zip(AL, Y, (a, y) => a - y);                                    // dZ[L] = A[L] - Y
  } else {
    if (net.loss !== "mean_squared_error") throw new Error(`loss ${net.loss} not ported`);
    const dAL = N.zip(AL, Y, (a, y) => a - y);                             // dA[L] = A[L] - Y (squared error)
    dZ = activationBackward(N, output, cache[`Z${L}`], AL, dAL);           // dZ[L] = dA[L] * g[L]'(Z[L])
  }
  const grads = {};
  for (let l = L; l >= 1; l--) {
    const W = params[`W${l}`];
    let dW = N.map(N.matmul(dZ, N.transpose(cache[`A${l - 1}`])), (x) => x / m);   // (1/m) dZ[l] A[l-1]^T
    if (net.l2 > 0) dW = N.add(dW, N.map(W, (w) => N.r(net.l2 / m) * w));        // + (lambda/m) W[l]
    grads[`dW${l}`] = dW;
    grads[`db${l}`] = N.map(N.sumRows(dZ), (x) => x / m);                        // (1/m) sum(dZ[l], axis=1)
    if (l > 1) {
      const dAPrev = N.matmul(N.transpose(W), dZ);                               // dA[l-1] = W[l]^T dZ[l]
      const name = net.activations[l - 2];
      dZ = N.mul(dAPrev, N.zip(cache[`Z${l - 1}`], cache[`A${l - 1}`], ACTIVATIONS[name].prime)); // E8: *, not +
    }
  }
  return grads;
}

const LOSSES = ["binary_cross_entropy", "categorical_cross_entropy", "mean_squared_error"];

module.exports = { ACTIVATIONS, LOSSES, numerics, forward, cost, backward };
