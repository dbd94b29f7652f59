"""The planted-bug catalog: every code-level erratum of the notes, then common backprop bugs.

Each entry names the module it patches (manual_backprop.<module>), the exact snippet it replaces and
its replacement. Snippets are short so that unrelated edits leave them applicable; a test checks
that every one still applies exactly once.
"""

from __future__ import annotations

from . import Mutant

_ENTRIES: tuple[Mutant, ...] = (
    # --- the notes' errata (docs/formulas.md, "Errata of the notes") that are code, planted where they would live ---
    Mutant("E2", "propagation", "total(cache[layers[-1].Z], cache[layers[-1].A], Y) / m",
           "total(cache[layers[-1].Z], cache[layers[-1].A], Y) / (m + 1)",
           "ERRATA E2", "m + 1 examples y_hat(0) ... y_hat(m): the cost averages over m + 1"),
    Mutant("E3", "propagation", "dZ = AL - Y  ", "dZ = (1.0 - Y) / (1.0 - AL) - Y / AL  ",
           "ERRATA E3", "dZ[L] taken as dL/dA[L] = -y/a + (1-y)/(1-a), missing the factor sigma'(z)"),
    Mutant("E4", "propagation", "grads[keys.b] = dZ @ ones",
           "grads[keys.b] = (dZ * cache[keys.A]) @ ones",
           "ERRATA E4", "db = dz * a': db[l] weighted by the layer's activation"),
    Mutant("E5-transpose", "propagation", "W.T @ dZ", "W @ dZ",
           "ERRATA E5", "dA[l-1] = W[l] dZ[l]: the transpose missing"),
    Mutant("E5-derivative", "propagation", "dZ = g.backward(cache[keys.Z_prev], A_prev, dA_prev)",
           "dZ = dA_prev", "ERRATA E5", "dZ[l-1] = W[l]^T dZ[l]: the activation derivative missing"),
    Mutant("E6", "propagation", "grads[keys.b] = dZ @ ones",
           "grads[keys.b] = dZ @ cache[keys.A].T",
           "ERRATA E6", "db[l] = dZ[l] A[l]^T"),
    Mutant("E7", "propagation", "dZ = AL - Y  ", "dZ = AL * Y  ", "ERRATA E7", "dZ[L] = A[L] Y (the minus sign lost)"),
    Mutant("E8", "activations", "dZ *= dA  ", "dZ += dA  ",
           "ERRATA E8", "dZ[l] = dA[l] + g'(Z[l]) instead of the elementwise product"),
    Mutant("E9", "propagation", "if spec.fused_output:", "if True:",
           "ERRATA E9", "dZ[L] = A[L] - Y for every output activation and loss"),
    # --- common bugs ---
    Mutant("1/m-missing", "propagation", "dZ *= 1.0 / m  ", "dZ *= 1.0  ", "common", "dW and db without the 1/m"),
    Mutant("db-1/m-twice", "propagation", "dZ @ ones   ", "dZ @ ones / m", "common",
           "db with the 1/m applied twice (the notes' (1/m) sum(dZ) on a dZ that already carries it)"),
    Mutant("db-keepdims-dropped", "propagation", "dZ @ ones   ", "dZ @ ones[:, 0]", "common",
           "keepdims dropped: db has shape (n[l],) and broadcasts against b"),
    Mutant("db-wrong-axis", "propagation", "dZ @ ones   ", "dZ.sum(axis=0, keepdims=True)",
           "common", "db summed over units instead of examples"),
    Mutant("dW-missing-transpose", "propagation", "dZ @ A_prev.T", "dZ @ A_prev",
           "common", "dW[l] = dZ[l] A[l-1] : the transpose missing (a shape error unless m = n[l-1])"),
    Mutant("derivative-at-A", "propagation", "g.backward(cache[keys.Z_prev], A_prev, dA_prev)",
           "g.backward(A_prev, A_prev, dA_prev)", "common", "g'(A[l-1]) instead of g'(Z[l-1])"),
    Mutant("cache-off-by-one", "propagation", "g.backward(cache[keys.Z_prev], A_prev", "g.backward(cache[keys.Z] "
           "if cache[keys.Z].shape == A_prev.shape else cache[keys.Z_prev], A_prev", "common",
           "Z[l] read from the cache where Z[l-1] is meant (when the shapes allow it)"),
    Mutant("sigmoid-prime-of-A", "activations", "(\"sigmoid\", sigmoid, sigmoid_prime)",
           "(\"sigmoid\", sigmoid, lambda Z, A: sigmoid_prime(Z, sigmoid(A)))",
           "common", "sigmoid'(a) computed as sigmoid(a)(1 - sigmoid(a)): the derivative taken at A"),
    Mutant("relu-prime-at-0-is-1", "activations", "(\"relu\", relu, relu_prime)",
           "(\"relu\", relu, lambda Z, A: (Z >= 0).astype(Z.dtype))", "common", "relu'(0) = 1"),
    Mutant("leaky-prime-at-0", "activations", "(\"leaky_relu\", leaky_relu, leaky_relu_prime)",
           "(\"leaky_relu\", leaky_relu, lambda Z, A: np.where(Z > 0, 1.0, LEAKY_RELU_SLOPE).astype(Z.dtype))",
           "common", "leaky_relu'(0) = 0.01 instead of jax's 1"),
    Mutant("tanh-prime-1-minus-a", "activations", "(\"tanh\", tanh, tanh_prime)",
           "(\"tanh\", tanh, lambda Z, A: 1.0 - A)",
           "common", "tanh' = 1 - a"),
    Mutant("softmax-diagonal-only", "activations", "None, softmax_vjp)", "None, lambda Z, A, dA: A * (1.0 - A) * dA)",
           "common", "softmax Jacobian without its off-diagonal terms"),
    Mutant("gelu-prime-missing-3", "activations", "3.0 * GELU_K", "1.0 * GELU_K",
           "common", "gelu' with d/dz (k z^3) = k z^2 (a factor 3 lost)"),
    Mutant("silu-prime-wrong", "activations", "S * (1.0 + Z * (1.0 - S))", "S * (1.0 + Z * S)", "common",
           "silu' = s (1 + z s)"),
    Mutant("mse-dA-sign", "losses", "    return A - Y", "    return Y - A", "common", "dA[L] = y - a for MSE"),
    Mutant("l2-gradient-missing", "propagation", "dW += (spec.l2 / m) * W", "dW += 0.0 * W", "common",
           "the l2 term left out of dW"),
    Mutant("l2-gradient-doubled", "propagation", "dW += (spec.l2 / m) * W", "dW += (2 * spec.l2 / m) * W",
           "common", "the l2 term of dW doubled (d/dW of lambda/2m ||W||^2 taken as 2 lambda/m W)"),
    Mutant("l2-cost-missing-half", "propagation", "spec.l2 / (2 * m)", "spec.l2 / m", "common",
           "the cost's l2 term without the 1/2"),
    Mutant("bias-missing-in-forward", "propagation", "Z += params[keys.b]", "Z += 0.0 * params[keys.b]",
           "common", "Z[l] = W[l] A[l-1]: b[l] dropped from the forward pass"),
    Mutant("softmax-unshifted", "activations", "np.exp(Z - Z.max(axis=0, keepdims=True))", "np.exp(Z)", "common",
           "softmax without subtracting max z: overflows for large logits"),
    Mutant("bce-naive-log", "losses", "np.maximum(Z, 0.0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))",
           "-Y * np.log(A) - (1.0 - Y) * np.log(1.0 - A)", "common",
           "binary cross-entropy from log(a), log(1 - a): infinite for saturated units"),
    Mutant("float32-upcast", "propagation", "dZ *= 1.0 / m  ", "dZ = dZ * np.float64(1.0 / m)  ", "common",
           "dZ[L] multiplied by a NumPy float64 scalar: float32 silently becomes float64"),
    Mutant("update-plus", "training", "params[key] -= alpha * grads[key]", "params[key] += alpha * grads[key]",
           "common", "gradient ascent: p := p + alpha dp"),
    Mutant("bias-not-updated", "training", "params[key] -= alpha * grads[key]",
           "params[key] -= alpha * grads[key] * (key[0] == \"W\")", "common", "only the weights are updated"),
    Mutant("params-modified-in-place", "training",
           "params = {key: value.copy(order=\"K\") for key, value in checked.items()}", "params = dict(checked)",
           "common", "gradient descent updates the caller's arrays in place"),
)

#: The catalog by name, in the order above.
CATALOG: dict[str, Mutant] = {m.name: m for m in _ENTRIES}
assert len(CATALOG) == len(_ENTRIES), "mutant names must be unique"
