/* Backprop core, generic over REAL (float or double); included once per type.
   Every operation is done in REAL (tgmath picks expf/tanhf/... for float). Constants are REAL.
   Shapes follow docs/formulas.md: X (n0, m), W[l] (n[l], n[l-1]), b[l] (n[l], 1), Z/A (n[l], m). */
#include <tgmath.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define F(name) CAT(name, SUF)

typedef struct { int r, c; REAL *d; } F(mat);
#define AT(M, i, j) ((M).d[(size_t)(i) * (M).c + (j)])

static F(mat) F(mat_new)(int r, int c) {
    F(mat) M = { r, c, calloc((size_t)r * c, sizeof(REAL)) };
    return M;
}

/* Z = W @ A_prev + b : (n, n_prev) @ (n_prev, m) + (n, 1) */
static F(mat) F(linear)(F(mat) W, F(mat) A, F(mat) b) {
    F(mat) Z = F(mat_new)(W.r, A.c);
    for (int i = 0; i < W.r; i++)
        for (int j = 0; j < A.c; j++) {
            REAL s = 0;
            for (int k = 0; k < W.c; k++) s += AT(W, i, k) * AT(A, k, j);
            AT(Z, i, j) = s + AT(b, i, 0);
        }
    return Z;
}

static REAL F(sigmoid)(REAL z) {
    const REAL one = 1;
    if (MUT("naive_sigmoid")) return one / (one + exp(-z));
    if (MUT("tanh_sigmoid")) return (REAL)0.5 * (one + tanh(z / 2));
    REAL E = exp(-fabs(z));
    return z >= 0 ? one / (one + E) : E / (one + E);
}

/* z clipped to [-10, 10], for gelu's t and the 3 k z^2 of gelu' (docs/formulas.md): past |z| = 10, t is +-1, and
   z^2 stays finite, so gelu' is not 0 * inf = NaN past |z| ~ 1.3e154 (1.8e19 in float) */
static REAL F(gelu_clip)(REAL z) {
    const REAL bound = 10;
    return z < -bound ? -bound : z > bound ? bound : z;
}

/* A = g(Z), elementwise or softmax over each column */
static F(mat) F(act_forward)(int g, F(mat) Z) {
    F(mat) A = F(mat_new)(Z.r, Z.c);
    const REAL zero = 0, half = (REAL)0.5, one = 1, slope = (REAL)0.01;
    const REAL c = (REAL)sqrt(2.0 / M_PI), k = (REAL)0.044715;
    if (g == ACT_SOFTMAX) {
        for (int j = 0; j < Z.c; j++) {
            REAL mx = AT(Z, 0, j);
            for (int i = 1; i < Z.r; i++) if (AT(Z, i, j) > mx) mx = AT(Z, i, j);
            if (MUT("softmax_nomax")) mx = 0;
            REAL s = 0;
            for (int i = 0; i < Z.r; i++) { AT(A, i, j) = exp(AT(Z, i, j) - mx); s += AT(A, i, j); }
            for (int i = 0; i < Z.r; i++) AT(A, i, j) = AT(A, i, j) / s;
        }
        return A;
    }
    for (int i = 0; i < Z.r * Z.c; i++) {
        REAL z = Z.d[i], a;
        switch (g) {
        case ACT_SIGMOID: a = F(sigmoid)(z); break;
        case ACT_TANH: a = MUT("naive_tanh") ? (exp(z) - exp(-z)) / (exp(z) + exp(-z)) : tanh(z); break;
        case ACT_RELU: a = z > zero ? z : zero; break;
        case ACT_LEAKY: a = z >= zero ? z : slope * z; break;
        case ACT_IDENTITY: a = z; break;
        case ACT_SOFTPLUS: a = (z > zero ? z : zero) + (MUT("log_softplus") ? log(one + exp(-fabs(z))) : log1p(exp(-fabs(z)))); break;
        case ACT_ELU: a = z > zero ? z : expm1(z < zero ? z : zero); break;
        case ACT_GELU: { REAL u = F(gelu_clip)(z), t = tanh(c * (u + k * u * u * u)); a = half * z * (one + t); break; }
        case ACT_SILU: a = z * F(sigmoid)(z); break;
        default: fprintf(stderr, "bad activation\n"); exit(2);
        }
        A.d[i] = a;
    }
    return A;
}

/* dZ = dA * g'(Z) (softmax: its Jacobian-vector product per column) */
static F(mat) F(act_backward)(int g, F(mat) Z, F(mat) A, F(mat) dA) {
    F(mat) dZ = F(mat_new)(Z.r, Z.c);
    const REAL zero = 0, half = (REAL)0.5, one = 1, three = 3, slope = (REAL)0.01;
    const REAL c = (REAL)sqrt(2.0 / M_PI), k = (REAL)0.044715;
    if (g == ACT_SOFTMAX) {
        for (int j = 0; j < Z.c; j++) {
            REAL s = 0;
            for (int i = 0; i < Z.r; i++) s += AT(A, i, j) * AT(dA, i, j);
            for (int i = 0; i < Z.r; i++) AT(dZ, i, j) = AT(A, i, j) * (AT(dA, i, j) - s);
        }
        return dZ;
    }
    for (int i = 0; i < Z.r * Z.c; i++) {
        REAL z = Z.d[i], a = A.d[i], d;
        switch (g) {
        case ACT_SIGMOID: d = a * (one - a); break;
        case ACT_TANH: d = one - a * a; break;
        case ACT_RELU: d = (MUT("relu_kink") ? z >= zero : z > zero) ? one : zero; break;            /* relu'(0) = 0 */
        case ACT_LEAKY: d = (MUT("leaky_kink") ? z > zero : z >= zero) ? one : slope; break;         /* leaky'(0) = 1 */
        case ACT_IDENTITY: d = one; break;
        case ACT_SOFTPLUS: d = F(sigmoid)(z); break;
        case ACT_ELU: d = exp(z < zero ? z : zero); break;          /* elu'(0) = 1 */
        case ACT_GELU: {
            REAL u = F(gelu_clip)(z), t = tanh(c * (u + k * u * u * u));
            d = half * (one + t) + half * z * (one - t * t) * c * (one + three * k * u * u);
            break; }
        case ACT_SILU: { REAL s = F(sigmoid)(z); d = s * (one + z * (one - s)); break; }
        default: fprintf(stderr, "bad activation\n"); exit(2);
        }
        dZ.d[i] = MUT("e8") ? dA.d[i] + d : dA.d[i] * d;
    }
    return dZ;
}

/* Run one test: params W[1..L], b[1..L], X, Y -> Z, A, cost, dW, db (all REAL). */
typedef struct {
    int L;
    F(mat) *Z, *A, *dW, *db;   /* index 1..L; A[0] = X */
    REAL cost;
} F(result);

static F(result) F(run)(int L, const int *acts, int loss, double lam_d,
                        F(mat) *W, F(mat) *b, F(mat) X, F(mat) Y) {
    F(result) R; R.L = L;
    R.Z = calloc(L + 1, sizeof(F(mat))); R.A = calloc(L + 1, sizeof(F(mat)));
    R.dW = calloc(L + 1, sizeof(F(mat))); R.db = calloc(L + 1, sizeof(F(mat)));
    const int m = X.c;
    const REAL zero = 0, half = (REAL)0.5;
    const REAL inv_m = (REAL)(1.0 / m);          /* float64 quotient rounded to REAL */
    const REAL lam = (REAL)lam_d;
    const REAL lam_over_m = lam * inv_m;
    /* forward */
    R.A[0] = X;
    for (int l = 1; l <= L; l++) {
        R.Z[l] = F(linear)(W[l], R.A[l - 1], b[l]);
        R.A[l] = F(act_forward)(acts[l], R.Z[l]);
    }
    F(mat) ZL = R.Z[L], AL = R.A[L];
    int nL = ZL.r;
    /* loss, summed over units and examples */
    REAL lsum = 0;
    if (loss == LOSS_BCE) {
        for (int i = 0; i < nL * m; i++) {
            REAL z = ZL.d[i], y = Y.d[i];
            if (MUT("bce_log")) { REAL a = AL.d[i]; lsum += -y * log(a) - (1 - y) * log(1 - a); }
            else lsum += (z > zero ? z : zero) - y * z + log1p(exp(-fabs(z)));
        }
    } else if (loss == LOSS_CCE) {
        for (int j = 0; j < m; j++) {
            REAL mx = AT(ZL, 0, j);
            for (int i = 1; i < nL; i++) if (AT(ZL, i, j) > mx) mx = AT(ZL, i, j);
            REAL s = 0;
            for (int i = 0; i < nL; i++) s += exp(AT(ZL, i, j) - mx);
            REAL ls = log(s);
            for (int i = 0; i < nL; i++) lsum += AT(Y, i, j) * ((mx - AT(ZL, i, j)) + ls);
        }
    } else { /* MSE */
        for (int i = 0; i < nL * m; i++) { REAL d = AL.d[i] - Y.d[i]; lsum += d * d; }
        lsum = half * lsum;
    }
    REAL w2 = 0;
    for (int l = 1; l <= L; l++) for (int i = 0; i < W[l].r * W[l].c; i++) w2 += W[l].d[i] * W[l].d[i];
    R.cost = lsum * inv_m + lam * half * inv_m * w2;
    /* dZ[L] */
    F(mat) dZ = F(mat_new)(nL, m);
    for (int i = 0; i < nL * m; i++) dZ.d[i] = AL.d[i] - Y.d[i];
    int fused = (loss == LOSS_BCE && acts[L] == ACT_SIGMOID) || (loss == LOSS_CCE && acts[L] == ACT_SOFTMAX)
                || (loss == LOSS_MSE && acts[L] == ACT_IDENTITY);
    if (MUT("fused")) fused = 1;
    if (!fused) {
        if (loss != LOSS_MSE) { fprintf(stderr, "cross-entropy with a non-matching output activation\n"); exit(2); }
        dZ = F(act_backward)(acts[L], ZL, AL, dZ);
    }
    /* backward */
    for (int l = L; l >= 1; l--) {
        F(mat) Ap = R.A[l - 1];
        F(mat) dW = F(mat_new)(W[l].r, W[l].c), db = F(mat_new)(W[l].r, 1);
        for (int i = 0; i < W[l].r; i++) {
            for (int k = 0; k < W[l].c; k++) {
                REAL s = 0;
                for (int j = 0; j < m; j++) s += AT(dZ, i, j) * AT(Ap, k, j);
                AT(dW, i, k) = inv_m * s + lam_over_m * AT(W[l], i, k);
            }
            REAL s = 0;
            for (int j = 0; j < m; j++) s += AT(dZ, i, j);
            AT(db, i, 0) = MUT("no_1m_db") ? s : inv_m * s;
        }
        R.dW[l] = dW; R.db[l] = db;
        if (l > 1) {
            F(mat) dAp = F(mat_new)(W[l].c, m);
            for (int k = 0; k < W[l].c; k++)
                for (int j = 0; j < m; j++) {
                    REAL s = 0;
                    for (int i = 0; i < W[l].r; i++) s += AT(W[l], i, k) * AT(dZ, i, j);
                    AT(dAp, k, j) = s;
                }
            dZ = F(act_backward)(acts[l - 1], R.Z[l - 1], R.A[l - 1], dAp);
        }
    }
    return R;
}

#undef AT
