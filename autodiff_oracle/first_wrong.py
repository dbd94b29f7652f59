"""A failing report's hint at where backprop first went wrong, read off which layers' gradients disagree.

Backprop runs from layer L down: dZ[L] from the loss's derivative dA[L] and the output's g[L]', then
dZ[l] = W[l+1]^T dZ[l+1] * g[l]'(Z[l]), and dW[l] = (1/m) dZ[l] A[l-1]^T (+ its L2 term), db[l] = (1/m) the sum of
dZ[l] over the examples. A wrong dZ[l] makes dW[l] and db[l] disagree and is carried into every dZ below it, while
every gradient above it is computed without it. So when the gradients of the layers above l all agree and dW[l],
db[l] and every gradient below them disagree, dZ[l] is the first quantity to differ: the slip is in g[l]' or in the
product W[l+1]^T dZ[l+1] it multiplies (for l = L, in the output's derivative, the loss's, or a fused A[L] - Y).

Only that exact pattern gets the note. One with a gap fits other slips as well: dW[l] alone disagreeing, its product
with A[l-1] or its L2 term; db[l] alone, its sum (or a wrong dZ[l] against an A[l-1] of zeros, which dW[l] cannot
show); only W's or only b's, a slip in every layer's formula; a layer below that agrees, a slip local to layer l's
dW and db (an output layer's own lines, dZ[l] right and carried down right) as well as a wrong dZ[l] cancelled there
(relu units all dead, saturated ones: g' = 0), which the report cannot tell apart. So a wrong dZ[l] that a lower
layer cancels gets no note: on 300 problems of examples/yours/notes_backprop.py with a hidden layer's derivative
wrong (E5, E8, tanh' as 1 - Z^2, sigmoid' as sigmoid(A) (1 - sigmoid(A))), 91-96% of the failures got it, each
naming the first dZ the slip changes. Layer L's pattern (every gradient) needs the cost judged and agreeing: without
it a wrong forward pass makes every gradient disagree just as well, so there the note says that returning
(cost, gradients) would tell the two apart. Keys left unjudged at a kink are no part of the pattern.
"""

from __future__ import annotations

from collections.abc import Collection

from .report import Report


def _pattern_layer(report: Report, keys: Collection[str]) -> int:
    """The l such that report's disagreeing gradients are exactly dW[k], db[k] for every judged layer k <= l, and the
    cost does not disagree; 0 when the pattern is another, or a mismatch is a key, shape or dtype."""
    if not report.mismatches or any(m.structural or m.key not in keys for m in report.mismatches):
        return 0
    wrong = {m.key for m in report.mismatches}
    l = max(int(key[1:]) for key in wrong)
    below = {key for key in keys if key in report.worst and int(key[1:]) <= l}   # judged: a kink's are not
    return l if wrong == below else 0


def first_wrong_layer(report: Report, keys: Collection[str]) -> int:
    """The l whose dZ[l] is the first to differ when report's disagreeing gradients are exactly dW[k], db[k] for every
    judged layer k <= l (keys: the gradients' keys, W1, b1, ..., WL, bL), and the cost does not disagree (for l = L,
    it was judged and agrees); 0 when the pattern is another, or a mismatch is a key, shape or dtype."""
    l = _pattern_layer(report, keys)
    return 0 if l == len(keys) // 2 and "cost" not in report.worst else l


def first_wrong_note(report: Report, keys: Collection[str]) -> str:
    """The note naming the first dZ[l] to differ (first_wrong_layer), what it is made of and the slips it most often
    is; for layer L's pattern without the cost, that returning it would tell a wrong dZ[L] from a wrong forward pass;
    '' when the pattern is not exactly that of one wrong dZ carried down."""
    l, L = _pattern_layer(report, keys), len(keys) // 2          # first_wrong_layer's, the cost's condition apart
    judged = " judged" if any(key not in report.worst for key in keys) else ""      # a kink's layers left out
    if l == L and "cost" not in report.worst:                                       # the cost was not returned
        return (f"every gradient{judged} disagrees and the cost was not returned: a wrong forward pass fits that as "
                f"well as a wrong dZ[{L}]; return (cost, gradients) and the cost is judged too, which tells them apart")
    if not l:
        return ""
    if l == L:
        return (f"the cost agrees and every gradient{judged} disagrees: the first quantity to differ is dZ[{L}], made "
                f"of the loss's derivative dA[{L}] and the output activation's g[{L}]' (softmax's: its Jacobian): look "
                "at both, and at a fused dZ[L] = A[L] - Y, which holds for sigmoid with binary_cross_entropy, softmax "
                "with categorical_cross_entropy and identity with mean_squared_error alone")
    above = f"layer {L}" if l + 1 == L else f"layers {l + 1} to {L}"
    lower = f" and of every layer below it{judged}" if l > 1 else ""
    made = f"dW[{l}], db[{l}] and every dZ below" if l > 1 else "dW[1] and db[1]"
    return (f"the gradients of {above} agree and those of layer {l}{lower} disagree: the first quantity to differ is "
            f"dZ[{l}] = W[{l + 1}]^T dZ[{l + 1}] * g[{l}]'(Z[{l}]), which {made} are made from: "
            f"look at layer {l}'s activation derivative g[{l}]' (its form in A[{l}] fed Z[{l}], as 1 - Z^2 for "
            f"tanh', or its form in Z[{l}] fed A[{l}], as sigmoid(A) (1 - sigmoid(A))?) and at that product "
            f"(W[{l + 1}] dZ[{l + 1}] without the transpose, or dZ @ W without .T in a row-major layout; + for *?)")
