/* C port of backprop: runs every test of vectors/backprop_test.json, checks it with the
   tolerance rule of docs/porting.md, and writes a results file for `backprop check-port`.
   usage: backprop_c VECTORS.json RESULTS.json [--decimal] */
#define _GNU_SOURCE
#include <math.h>
#include "json.h"

enum { ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY, ACT_IDENTITY, ACT_SOFTPLUS, ACT_ELU, ACT_GELU, ACT_SILU, ACT_SOFTMAX };
static const char *mutant = "";
#define MUT(x) (!strcmp(mutant, x))
enum { LOSS_BCE, LOSS_CCE, LOSS_MSE };

#define REAL double
#define SUF _d
#include "core.h"
#undef REAL
#undef SUF
#define REAL float
#define SUF _f
#include "core.h"
#undef REAL
#undef SUF

static int act_id(const char *s) {
    const char *names[] = {"sigmoid", "tanh", "relu", "leaky_relu", "identity", "softplus", "elu", "gelu", "silu", "softmax"};
    for (int i = 0; i < (int)(sizeof names / sizeof *names); i++) if (!strcmp(s, names[i])) return i;
    return -1;
}
static int loss_id(const char *s) {
    if (!strcmp(s, "binary_cross_entropy")) return LOSS_BCE;
    if (!strcmp(s, "categorical_cross_entropy")) return LOSS_CCE;
    if (!strcmp(s, "mean_squared_error")) return LOSS_MSE;
    return -1;
}

/* a double matrix read from an ARRAY {"value", "hex"}: checks value == hex */
typedef struct { int r, c; double *d; } dmat;
static int hex_mismatches = 0;
static dmat read_array(const json *arr, const char *field) {
    json *rows = jreq(arr, field);
    dmat M = { rows->n, rows->items[0]->n, NULL };
    M.d = malloc(sizeof(double) * M.r * M.c);
    for (int i = 0; i < M.r; i++) {
        if (rows->items[i]->n != M.c) { fprintf(stderr, "ragged array\n"); exit(2); }
        for (int j = 0; j < M.c; j++) {
            json *x = rows->items[i]->items[j];
            M.d[i * M.c + j] = x->t == J_STR ? strtod(x->str, NULL) : x->num;
        }
    }
    return M;
}
static dmat read_checked(const json *arr) {
    dmat v = read_array(arr, "value"), h = read_array(arr, "hex");
    for (int i = 0; i < v.r * v.c; i++)
        if (memcmp(&v.d[i], &h.d[i], sizeof(double))) { hex_mismatches++; }
    return h;
}
static double read_scalar(const json *o, const char *field) {
    json *x = jreq(o, field);
    return x->t == J_STR ? strtod(x->str, NULL) : x->num;
}

static mat_d to_d(dmat M) { mat_d R = mat_new_d(M.r, M.c); memcpy(R.d, M.d, sizeof(double) * M.r * M.c); return R; }
static mat_f to_f(dmat M) {
    mat_f R = mat_new_f(M.r, M.c);
    for (int i = 0; i < M.r * M.c; i++) {
        R.d[i] = (float)M.d[i];
        if ((double)R.d[i] != M.d[i]) fprintf(stderr, "warning: float32 input not exactly representable\n");
    }
    return R;
}
static dmat from_d(mat_d M) { dmat R = { M.r, M.c, malloc(sizeof(double) * M.r * M.c) }; memcpy(R.d, M.d, sizeof(double) * M.r * M.c); return R; }
static dmat from_f(mat_f M) { dmat R = { M.r, M.c, malloc(sizeof(double) * M.r * M.c) }; for (int i = 0; i < M.r * M.c; i++) R.d[i] = M.d[i]; return R; }

static int decimal = 0;
static void write_num(FILE *f, double x) {
    if (isnan(x)) fprintf(f, "\"NaN\"");
    else if (isinf(x)) fprintf(f, x > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    else if (decimal) fprintf(f, "%.17g", x);
    else fprintf(f, "\"%a\"", x);
}
static void write_mat(FILE *f, dmat M) {
    fputc('[', f);
    for (int i = 0; i < M.r; i++) {
        fputc('[', f);
        for (int j = 0; j < M.c; j++) { if (j) fputs(", ", f); write_num(f, M.d[i * M.c + j]); }
        fputc(']', f); if (i + 1 < M.r) fputs(", ", f);
    }
    fputc(']', f);
}

/* the tolerance of docs/porting.md: |port - value| <= rtol (|value| + scale) + atol */
static int check_mat(const char *name, dmat port, const json *exp, double rtol, double atol, int tc) {
    dmat v = read_checked(exp), s = read_array(exp, "scale");
    if (v.r != port.r || v.c != port.c) { printf("  tcId %d %s: shape (%d,%d) vs expected (%d,%d)\n", tc, name, port.r, port.c, v.r, v.c); return 0; }
    int bad = 0; double worst = 0; int wi = -1;
    for (int i = 0; i < v.r * v.c; i++) {
        double diff = fabs(port.d[i] - v.d[i]), allowed = rtol * (fabs(v.d[i]) + s.d[i]) + atol;
        if (!(diff <= allowed)) { bad++; if (diff / allowed > worst || wi < 0) { worst = diff / allowed; wi = i; } }
    }
    if (bad) printf("  tcId %d %s[%d, %d]: port %.17g vs expected %.17g (%d entries outside)\n",
                    tc, name, wi / v.c, wi % v.c, port.d[wi], v.d[wi], bad);
    return bad == 0;
}

int main(int argc, char **argv) {
    const char *vpath = argc > 1 ? argv[1] : "vectors/backprop_test.json";
    const char *rpath = argc > 2 ? argv[2] : "results.json";
    if (getenv("BP_MUTANT")) mutant = getenv("BP_MUTANT");
    static const char *mutants[] = {"e8", "naive_tanh", "relu_kink", "f64_for_f32", "leaky_kink", "log_softplus",
                                    "bce_log", "softmax_nomax", "fused", "no_1m_db", "naive_sigmoid", "tanh_sigmoid"};
    int known = !*mutant;                 /* unset or empty: no bug planted */
    for (int i = 0; i < (int)(sizeof mutants / sizeof *mutants); i++) known |= MUT(mutants[i]);
    if (!known) {                         /* a misspelt name would plant nothing, and every test would pass */
        fprintf(stderr, "unknown BP_MUTANT=%s; one of:", mutant);
        for (int i = 0; i < (int)(sizeof mutants / sizeof *mutants); i++) fprintf(stderr, "%s %s", i ? "," : "", mutants[i]);
        fprintf(stderr, "\n");
        return 2;
    }
    for (int i = 3; i < argc; i++) if (!strcmp(argv[i], "--decimal")) decimal = 1;
    json *root = jparse_file(vpath);
    if (strcmp(jreq(root, "schema")->str, "backprop-vectors/1")) { fprintf(stderr, "unknown schema\n"); return 2; }
    json *groups = jreq(root, "testGroups");
    FILE *out = fopen(rpath, "w"); if (!out) { perror(rpath); return 2; }
    fprintf(out, "{\"port\": \"c (s26-h2)\",\n \"results\": {");
    int first = 1, npass = 0, nfail = 0, nskip = 0;
    for (int gi = 0; gi < groups->n; gi++) {
        json *g = groups->items[gi];
        json *sizes = jreq(g, "layerSizes"), *acts_j = jreq(g, "activations");
        int L = sizes->n - 1;
        int *acts = calloc(L + 1, sizeof(int));
        const char *skip = NULL;
        char unknown[96];
        for (int l = 1; l <= L; l++) {
            acts[l] = act_id(acts_j->items[l - 1]->str);
            if (acts[l] < 0) {
                snprintf(unknown, sizeof unknown, "activation %.60s not ported", acts_j->items[l - 1]->str);
                skip = unknown;
            }
        }
        int loss = loss_id(jreq(g, "loss")->str); if (loss < 0) skip = "unknown loss";
        const char *dtype = jreq(g, "dtype")->str;
        int f32 = !strcmp(dtype, "float32") && !MUT("f64_for_f32");
        if (!f32 && strcmp(dtype, "float64") && strcmp(dtype, "float32")) skip = "unknown dtype";
        double lam = jreq(g, "l2")->num, rtol = jreq(g, "rtol")->num, atol = jreq(g, "atol")->num;
        json *tests = jreq(g, "tests");
        for (int ti = 0; ti < tests->n; ti++) {
            json *t = tests->items[ti];
            int tc = (int)jreq(t, "tcId")->num;
            fprintf(out, "%s\n  \"%d\": ", first ? "" : ",", tc); first = 0;
            if (skip) { fprintf(out, "{\"skipped\": \"%s\"}", skip); nskip++; continue; }
            json *in = jreq(t, "inputs"), *ex = jreq(t, "expected");
            char key[32];
            dmat *Wd = calloc(L + 1, sizeof(dmat)), *bd = calloc(L + 1, sizeof(dmat));
            for (int l = 1; l <= L; l++) {
                sprintf(key, "W%d", l); Wd[l] = read_checked(jreq(in, key));
                sprintf(key, "b%d", l); bd[l] = read_checked(jreq(in, key));
            }
            dmat Xd = read_checked(jreq(in, "X")), Yd = read_checked(jreq(in, "Y"));
            dmat *Z = calloc(L + 1, sizeof(dmat)), *A = calloc(L + 1, sizeof(dmat));
            dmat *dW = calloc(L + 1, sizeof(dmat)), *db = calloc(L + 1, sizeof(dmat));
            double cost;
            if (f32) {
                mat_f *W = calloc(L + 1, sizeof(mat_f)), *b = calloc(L + 1, sizeof(mat_f));
                for (int l = 1; l <= L; l++) { W[l] = to_f(Wd[l]); b[l] = to_f(bd[l]); }
                result_f R = run_f(L, acts, loss, lam, W, b, to_f(Xd), to_f(Yd));
                for (int l = 1; l <= L; l++) { Z[l] = from_f(R.Z[l]); A[l] = from_f(R.A[l]); dW[l] = from_f(R.dW[l]); db[l] = from_f(R.db[l]); }
                cost = R.cost;
            } else {
                mat_d *W = calloc(L + 1, sizeof(mat_d)), *b = calloc(L + 1, sizeof(mat_d));
                for (int l = 1; l <= L; l++) { W[l] = to_d(Wd[l]); b[l] = to_d(bd[l]); }
                result_d R = run_d(L, acts, loss, lam, W, b, to_d(Xd), to_d(Yd));
                for (int l = 1; l <= L; l++) { Z[l] = from_d(R.Z[l]); A[l] = from_d(R.A[l]); dW[l] = from_d(R.dW[l]); db[l] = from_d(R.db[l]); }
                cost = R.cost;
            }
            /* self-check, in the order check-port uses */
            int ok = 1;
            for (int l = 1; l <= L && ok; l++) {
                sprintf(key, "Z%d", l); ok = ok && check_mat(key, Z[l], jreq(ex, key), rtol, atol, tc);
                sprintf(key, "A%d", l); ok = ok && check_mat(key, A[l], jreq(ex, key), rtol, atol, tc);
            }
            if (ok) {
                json *c = jreq(ex, "cost");
                double v = read_scalar(c, "value"), h = strtod(jreq(c, "hex")->str, NULL), s = read_scalar(c, "scale");
                if (v != h) hex_mismatches++;
                if (!(fabs(cost - v) <= rtol * (fabs(v) + s) + atol)) { ok = 0; printf("  tcId %d cost: port %.17g vs expected %.17g\n", tc, cost, v); }
            }
            for (int l = L; l >= 1 && ok; l--) {
                sprintf(key, "dW%d", l); ok = ok && check_mat(key, dW[l], jreq(ex, key), rtol, atol, tc);
                sprintf(key, "db%d", l); ok = ok && check_mat(key, db[l], jreq(ex, key), rtol, atol, tc);
            }
            if (ok) npass++; else nfail++;
            /* results entry */
            fprintf(out, "{\"cost\": "); write_num(out, cost);
            fprintf(out, ",\n    \"gradients\": {");
            for (int l = 1; l <= L; l++) {
                fprintf(out, "%s\"dW%d\": ", l > 1 ? ", " : "", l); write_mat(out, dW[l]);
                fprintf(out, ", \"db%d\": ", l); write_mat(out, db[l]);
            }
            fprintf(out, "},\n    \"cache\": {");
            for (int l = 1; l <= L; l++) {
                fprintf(out, "%s\"Z%d\": ", l > 1 ? ", " : "", l); write_mat(out, Z[l]);
                fprintf(out, ", \"A%d\": ", l); write_mat(out, A[l]);
            }
            fprintf(out, "}}");
        }
    }
    fprintf(out, "\n }}\n");
    fclose(out);
    printf("self-check: %d passed, %d failed, %d skipped; value/hex mismatches: %d\n", npass, nfail, nskip, hex_mismatches);
    return nfail ? 1 : 0;
}
