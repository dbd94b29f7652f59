//! Forward propagation, the cost and backward propagation for a fully-connected network, in Rust
//! with the standard library only: a port of docs/formulas.md, run on every test of the vectors
//! file, writing the results file of docs/porting.md for `backprop check-port`.
//!
//! Usage: backprop-port [VECTORS.json] [RESULTS.json]
//! (defaults: the checkout's vectors/backprop_test.json, and results.json in the working directory)
//!
//! Shapes as in the notes: X = A[0] is (n[0], m), one column per example; W[l] is (n[l], n[l-1]);
//! b[l] is (n[l], 1); Z[l], A[l], dZ[l] are (n[l], m); dW[l], db[l] have the shapes of W[l], b[l].
//! Layer l of the notes is index l - 1 of every Vec below. The code is generic over the scalar:
//! float32 groups run it with T = f32, float64 groups with T = f64.
//!
//! BP_MUTANT=<name> plants a known bug (MUTANTS below, README.md) to watch check-port name it.

// The notes' names for the notes' symbols: W, b, Z, A, dZ, dW, db, X, Y, L.
#![allow(non_snake_case)]

mod json;

use json::{fmt_num, quote, Json};
use std::ops::{Add, Div, Mul, Neg, Sub};

// ---------- the scalar: float32 groups compute in f32, float64 groups in f64 ----------

/// A floating-point type every operation of a group is rounded to: f32 or f64.
trait Scalar:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// `x` rounded to this type (inputs, and constants such as 0.01, lambda and m).
    fn of(x: f64) -> Self;
    /// This value as an f64 (exact: f32 widens losslessly), for the results file.
    fn to_f64(self) -> f64;
    // The std functions of the type, so a float32 group's exp, tanh, ... are f32's own.
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn exp_m1(self) -> Self;
    fn tanh(self) -> Self;
    fn abs(self) -> Self;
    /// 0 and 1 of the type.
    fn zero() -> Self {
        Self::of(0.0)
    }
    fn one() -> Self {
        Self::of(1.0)
    }
    /// The larger of the two (`self` on ties).
    fn max(self, other: Self) -> Self {
        if self >= other {
            self
        } else {
            other
        }
    }
    /// The smaller of the two (`self` on ties).
    fn min(self, other: Self) -> Self {
        if self <= other {
            self
        } else {
            other
        }
    }
}

/// Scalar for f32 and f64: a conversion, and each function the type's own.
#[rustfmt::skip]
macro_rules! impl_scalar {
    ($t:ty) => {
        impl Scalar for $t {
            fn of(x: f64) -> Self { x as $t }
            fn to_f64(self) -> f64 { self as f64 }
            fn exp(self) -> Self { <$t>::exp(self) }
            fn ln(self) -> Self { <$t>::ln(self) }
            fn ln_1p(self) -> Self { <$t>::ln_1p(self) }
            fn exp_m1(self) -> Self { <$t>::exp_m1(self) }
            fn tanh(self) -> Self { <$t>::tanh(self) }
            fn abs(self) -> Self { <$t>::abs(self) }
        }
    };
}
impl_scalar!(f32);
impl_scalar!(f64);

// ---------- matrices ----------

/// A (rows, cols) matrix, stored row by row.
#[derive(Clone)]
struct Mat<T> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

impl<T: Scalar> Mat<T> {
    /// The (rows, cols) matrix of zeros.
    fn zeros(rows: usize, cols: usize) -> Self {
        Mat {
            rows,
            cols,
            data: vec![T::zero(); rows * cols],
        }
    }
    /// Entry (i, j).
    fn at(&self, i: usize, j: usize) -> T {
        self.data[i * self.cols + j]
    }
    /// Set entry (i, j).
    fn set(&mut self, i: usize, j: usize, v: T) {
        self.data[i * self.cols + j] = v;
    }
    /// f of every entry: same shape.
    fn map(&self, f: impl Fn(T) -> T) -> Self {
        Mat {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|&x| f(x)).collect(),
        }
    }
    /// f of every pair of entries of two matrices of the same shape: same shape.
    fn zip(&self, other: &Self, f: impl Fn(T, T) -> T) -> Self {
        assert_eq!(
            (self.rows, self.cols),
            (other.rows, other.cols),
            "shape mismatch"
        );
        let data = self
            .data
            .iter()
            .zip(&other.data)
            .map(|(&x, &y)| f(x, y))
            .collect();
        Mat {
            rows: self.rows,
            cols: self.cols,
            data,
        }
    }
    /// The (p, r) product of a (p, q) matrix and a (q, r) one, given their entries (i, k), (k, j).
    fn dot(
        p: usize,
        q: usize,
        r: usize,
        left: impl Fn(usize, usize) -> T,
        right: impl Fn(usize, usize) -> T,
    ) -> Self {
        let mut out = Self::zeros(p, r);
        for i in 0..p {
            for j in 0..r {
                let mut s = T::zero();
                for k in 0..q {
                    s = s + left(i, k) * right(k, j);
                }
                out.set(i, j, s);
            }
        }
        out
    }
    /// self @ other: (p, q) @ (q, r) -> (p, r).
    fn matmul(&self, other: &Self) -> Self {
        assert_eq!(self.cols, other.rows, "matmul: inner dimensions");
        Self::dot(
            self.rows,
            self.cols,
            other.cols,
            |i, k| self.at(i, k),
            |k, j| other.at(k, j),
        )
    }
    /// self @ other^T: (p, q) @ (r, q)^T -> (p, r).
    fn matmul_t(&self, other: &Self) -> Self {
        assert_eq!(self.cols, other.cols, "matmul_t: inner dimensions");
        Self::dot(
            self.rows,
            self.cols,
            other.rows,
            |i, k| self.at(i, k),
            |k, j| other.at(j, k),
        )
    }
    /// self^T @ other: (q, p)^T @ (q, r) -> (p, r).
    fn t_matmul(&self, other: &Self) -> Self {
        assert_eq!(self.rows, other.rows, "t_matmul: inner dimensions");
        Self::dot(
            self.cols,
            self.rows,
            other.cols,
            |i, k| self.at(k, i),
            |k, j| other.at(k, j),
        )
    }
    /// (n, m) + the (n, 1) column b added to every column: (n, m).
    fn add_column(&self, b: &Self) -> Self {
        assert_eq!((b.rows, b.cols), (self.rows, 1), "bias shape");
        let mut out = self.clone();
        for i in 0..self.rows {
            for j in 0..self.cols {
                out.set(i, j, self.at(i, j) + b.at(i, 0));
            }
        }
        out
    }
    /// The sum of each row, over the columns (the examples): (n, m) -> (n, 1).
    fn row_sums(&self) -> Self {
        let mut out = Self::zeros(self.rows, 1);
        for i in 0..self.rows {
            let mut s = T::zero();
            for j in 0..self.cols {
                s = s + self.at(i, j);
            }
            out.set(i, 0, s);
        }
        out
    }
    /// The sum of every entry: a scalar.
    fn sum(&self) -> T {
        self.data.iter().fold(T::zero(), |s, &x| s + x)
    }
    /// The max of column j.
    fn column_max(&self, j: usize) -> T {
        (1..self.rows).fold(self.at(0, j), |mx, i| mx.max(self.at(i, j)))
    }
    /// A matrix from the vectors' list of rows, each number rounded to T.
    fn from_json(rows: &Json) -> Self {
        let rows = rows.arr();
        let cols = rows[0].arr().len();
        let mut data = Vec::with_capacity(rows.len() * cols);
        for row in rows {
            let row = row.arr();
            assert_eq!(row.len(), cols, "ragged array");
            data.extend(row.iter().map(|x| T::of(x.num())));
        }
        Mat {
            rows: rows.len(),
            cols,
            data,
        }
    }
    /// The results file's list of rows: `[[a, b], [c, d]]`, each number exact.
    fn to_json(&self) -> String {
        let rows: Vec<String> = (0..self.rows)
            .map(|i| {
                let row: Vec<String> = (0..self.cols)
                    .map(|j| fmt_num(self.at(i, j).to_f64()))
                    .collect();
                format!("[{}]", row.join(", "))
            })
            .collect();
        format!("[{}]", rows.join(", "))
    }
}

// ---------- BP_MUTANT: plant a bug and watch check-port name it ----------

/// Each BP_MUTANT value and what it plants (README.md has what check-port says of each).
#[rustfmt::skip]
const MUTANTS: [(&str, &str); 6] = [
    ("e8", "erratum E8: dZ[l-1] = W[l]^T dZ[l] + g'(Z[l-1]), `+` for `*`"),
    ("fused", "erratum E9: dZ[L] = A[L] - Y for squared error whatever g[L]"),
    ("relu_kink", "relu'(0) = 1 instead of jax.nn's 0"),
    ("leaky_kink", "leaky_relu'(0) = 0.01 instead of jax.nn's 1"),
    ("f64_for_f32", "float32 groups computed in f64 (the vectors cannot tell: passes)"),
    ("scale_once", "1/m applied once, to dZ[L] (formulas.md's documented variant: passes)"),
];

/// Whether BP_MUTANT is `name`.
fn mutant(name: &str) -> bool {
    std::env::var("BP_MUTANT").is_ok_and(|v| v == name)
}

// ---------- activations ----------

/// What this port computes; a group with anything else is written as skipped.
#[rustfmt::skip]
const ACTIVATIONS: [&str; 10] =
    ["sigmoid", "tanh", "relu", "leaky_relu", "identity", "softplus", "elu", "gelu", "silu", "softmax"];
const LOSSES: [&str; 3] = [
    "binary_cross_entropy",
    "categorical_cross_entropy",
    "mean_squared_error",
];

/// sigmoid(z) from e^-|z| <= 1, which never overflows.
fn sigmoid<T: Scalar>(z: T) -> T {
    let e = (-z.abs()).exp();
    if z >= T::zero() {
        T::one() / (T::one() + e)
    } else {
        e / (T::one() + e)
    }
}

/// gelu's constants c = sqrt(2/pi) and k = 0.044715, rounded to T.
fn gelu_constants<T: Scalar>() -> (T, T) {
    (T::of((2.0 / std::f64::consts::PI).sqrt()), T::of(0.044715))
}

/// z clipped to [-10, 10], for gelu's t and the 3 k z^2 of gelu' (docs/formulas.md): past |z| = 10, t is +-1,
/// and z^2 stays finite, so gelu' is not 0 * inf = NaN past |z| ~ 1.3e154 (1.8e19 in f32).
fn gelu_clip<T: Scalar>(z: T) -> T {
    z.max(T::of(-10.0)).min(T::of(10.0))
}

/// A = g(Z): (n, m) -> (n, m); softmax over the units of each column, its max subtracted.
fn activation<T: Scalar>(g: &str, Z: &Mat<T>) -> Mat<T> {
    let (zero, one) = (T::zero(), T::one());
    match g {
        "sigmoid" => Z.map(sigmoid),
        "tanh" => Z.map(|z| z.tanh()),
        "relu" => Z.map(|z| z.max(zero)),
        "leaky_relu" => Z.map(|z| if z >= zero { z } else { T::of(0.01) * z }),
        "identity" => Z.clone(),
        "softplus" => Z.map(|z| z.max(zero) + (-z.abs()).exp().ln_1p()),
        "elu" => Z.map(|z| if z > zero { z } else { z.min(zero).exp_m1() }),
        "gelu" => {
            let (c, k) = gelu_constants::<T>();
            Z.map(|z| {
                let u = gelu_clip(z);
                T::of(0.5) * z * (one + (c * (u + k * u * u * u)).tanh())
            })
        }
        "silu" => Z.map(|z| z * sigmoid(z)),
        "softmax" => {
            let mut A = Z.clone();
            for j in 0..Z.cols {
                let zmax = Z.column_max(j);
                let mut total = zero;
                for i in 0..Z.rows {
                    let e = (Z.at(i, j) - zmax).exp();
                    A.set(i, j, e);
                    total = total + e;
                }
                for i in 0..Z.rows {
                    A.set(i, j, A.at(i, j) / total);
                }
            }
            A
        }
        _ => panic!("unknown activation {g}"),
    }
}

/// g'(Z) for an elementwise g, given Z and A = g(Z): (n, m) -> (n, m). Kinks as jax.nn:
/// relu'(0) = 0, leaky_relu'(0) = 1, elu'(0) = 1.
fn derivative<T: Scalar>(g: &str, Z: &Mat<T>, A: &Mat<T>) -> Mat<T> {
    let (zero, one) = (T::zero(), T::one());
    match g {
        "sigmoid" => A.map(|a| a * (one - a)),
        "tanh" => A.map(|a| one - a * a),
        "relu" if mutant("relu_kink") => Z.map(|z| if z >= zero { one } else { zero }),
        "relu" => Z.map(|z| if z > zero { one } else { zero }),
        "leaky_relu" if mutant("leaky_kink") => Z.map(|z| if z > zero { one } else { T::of(0.01) }),
        "leaky_relu" => Z.map(|z| if z >= zero { one } else { T::of(0.01) }),
        "identity" => Z.map(|_| one),
        "softplus" => Z.map(sigmoid),
        "elu" => Z.map(|z| z.min(zero).exp()),
        "gelu" => {
            let (c, k) = gelu_constants::<T>();
            let (half, three) = (T::of(0.5), T::of(3.0));
            Z.map(|z| {
                let u = gelu_clip(z);
                let t = (c * (u + k * u * u * u)).tanh();
                half * (one + t) + half * z * (one - t * t) * c * (one + three * k * u * u)
            })
        }
        "silu" => Z.map(|z| {
            let s = sigmoid(z);
            s * (one + z * (one - s))
        }),
        _ => panic!("no elementwise derivative for activation {g}"),
    }
}

/// dZ = dA * g'(Z) for an elementwise g; for softmax, its Jacobian product, column by column:
/// dZ = A * (dA - sum_i A_i dA_i). Z, A, dA (n, m) -> dZ (n, m).
fn activation_backward<T: Scalar>(g: &str, Z: &Mat<T>, A: &Mat<T>, dA: &Mat<T>) -> Mat<T> {
    if g != "softmax" {
        return dA.zip(&derivative(g, Z, A), |da, gp| da * gp);
    }
    let mut dZ = dA.clone();
    for j in 0..A.cols {
        let dot = (0..A.rows).fold(T::zero(), |s, i| s + A.at(i, j) * dA.at(i, j));
        for i in 0..A.rows {
            dZ.set(i, j, A.at(i, j) * (dA.at(i, j) - dot));
        }
    }
    dZ
}

// ---------- the network ----------

/// A test group's network: g[1], ..., g[L], the loss and lambda.
struct Net<'a> {
    activations: Vec<&'a str>,
    loss: &'a str,
    l2: f64,
}

/// W[l] (n[l], n[l-1]) and b[l] (n[l], 1) for l = 1, ..., L.
struct Params<T> {
    W: Vec<Mat<T>>,
    b: Vec<Mat<T>>,
}

/// Z[l] and A[l], (n[l], m) each, for l = 1, ..., L.
struct Cache<T> {
    Z: Vec<Mat<T>>,
    A: Vec<Mat<T>>,
}

/// dW[l] (n[l], n[l-1]) and db[l] (n[l], 1) for l = 1, ..., L.
struct Grads<T> {
    dW: Vec<Mat<T>>,
    db: Vec<Mat<T>>,
}

/// Z[l] = W[l] A[l-1] + b[l], A[l] = g[l](Z[l]) for l = 1, ..., L, from X = A[0] (n[0], m).
fn forward<T: Scalar>(net: &Net, p: &Params<T>, X: &Mat<T>) -> Cache<T> {
    let mut cache = Cache {
        Z: Vec::new(),
        A: Vec::new(),
    };
    for (l, g) in net.activations.iter().enumerate() {
        let A_prev = if l == 0 { X } else { &cache.A[l - 1] };
        let Z = p.W[l].matmul(A_prev).add_column(&p.b[l]);
        cache.A.push(activation(g, &Z));
        cache.Z.push(Z);
    }
    cache
}

/// The loss summed over the units and the m examples, from Z[L], A[L], Y (n[L], m): a scalar.
/// The cross-entropies are computed from the logits Z[L], never from log(A[L]).
fn loss_total<T: Scalar>(loss: &str, ZL: &Mat<T>, AL: &Mat<T>, Y: &Mat<T>) -> T {
    let zero = T::zero();
    match loss {
        "binary_cross_entropy" => ZL
            .zip(Y, |z, y| z.max(zero) - y * z + (-z.abs()).exp().ln_1p())
            .sum(),
        "categorical_cross_entropy" => {
            let mut total = zero;
            for j in 0..ZL.cols {
                let zmax = ZL.column_max(j);
                let log_sum = (0..ZL.rows)
                    .fold(zero, |s, i| s + (ZL.at(i, j) - zmax).exp())
                    .ln();
                for i in 0..ZL.rows {
                    total = total + Y.at(i, j) * ((zmax - ZL.at(i, j)) + log_sum);
                }
            }
            total
        }
        "mean_squared_error" => T::of(0.5) * AL.zip(Y, |a, y| (a - y) * (a - y)).sum(),
        _ => panic!("unknown loss {loss}"),
    }
}

/// J = (1/m) loss + (lambda / 2m) sum_l ||W[l]||_F^2: a scalar.
fn cost<T: Scalar>(net: &Net, p: &Params<T>, cache: &Cache<T>, Y: &Mat<T>) -> T {
    let L = net.activations.len();
    let m = T::of(Y.cols as f64);
    let lam = T::of(net.l2);
    let mut squares = T::zero();
    for W in &p.W {
        squares = squares + W.map(|w| w * w).sum();
    }
    loss_total(net.loss, &cache.Z[L - 1], &cache.A[L - 1], Y) / m + lam / (T::of(2.0) * m) * squares
}

/// dZ[L] (n[L], m): A[L] - Y for sigmoid + binary and softmax + categorical cross-entropy; for
/// squared error dA[L] * g[L]'(Z[L]) with dA[L] = A[L] - Y (erratum E9: not A[L] - Y).
fn output_dZ<T: Scalar>(net: &Net, cache: &Cache<T>, Y: &Mat<T>) -> Mat<T> {
    let L = net.activations.len();
    let (g, ZL, AL) = (net.activations[L - 1], &cache.Z[L - 1], &cache.A[L - 1]);
    match net.loss {
        "binary_cross_entropy" => {
            assert_eq!(g, "sigmoid", "binary cross-entropy needs a sigmoid output")
        }
        "categorical_cross_entropy" => assert_eq!(
            g, "softmax",
            "categorical cross-entropy needs a softmax output"
        ),
        _ if mutant("fused") => {}
        _ => return activation_backward(g, ZL, AL, &AL.zip(Y, |a, y| a - y)),
    }
    AL.zip(Y, |a, y| a - y)
}

/// For l = L, ..., 1: dW[l] = (1/m) dZ[l] A[l-1]^T + (lambda/m) W[l], db[l] = (1/m) sum(dZ[l],
/// axis=1), and for l > 1 dZ[l-1] = W[l]^T dZ[l] * g[l-1]'(Z[l-1]). X (n[0], m), Y (n[L], m).
fn backward<T: Scalar>(
    net: &Net,
    p: &Params<T>,
    X: &Mat<T>,
    cache: &Cache<T>,
    Y: &Mat<T>,
) -> Grads<T> {
    let L = net.activations.len();
    let m = T::of(Y.cols as f64);
    let lam = T::of(net.l2);
    let mut dZ = output_dZ(net, cache, Y);
    // scale_once: dZ[L] := dZ[L] / m, then no 1/m in dW and db (the L2 term unchanged)
    let m_per_layer = if mutant("scale_once") {
        dZ = dZ.map(|v| v / m);
        T::one()
    } else {
        m
    };
    let mut grads = Grads {
        dW: vec![Mat::zeros(0, 0); L],
        db: vec![Mat::zeros(0, 0); L],
    };
    for l in (0..L).rev() {
        let A_prev = if l == 0 { X } else { &cache.A[l - 1] };
        grads.dW[l] = dZ
            .matmul_t(A_prev)
            .map(|v| v / m_per_layer)
            .zip(&p.W[l], |dw, w| dw + lam / m * w);
        grads.db[l] = dZ.row_sums().map(|v| v / m_per_layer);
        if l > 0 {
            let (g, Z_prev, A_prev) = (net.activations[l - 1], &cache.Z[l - 1], &cache.A[l - 1]);
            let dA_prev = p.W[l].t_matmul(&dZ); // W[l]^T dZ[l]
            dZ = if mutant("e8") && g != "softmax" {
                dA_prev.zip(&derivative(g, Z_prev, A_prev), |da, gp| da + gp) // E8: + for *
            } else {
                activation_backward(g, Z_prev, A_prev, &dA_prev)
            };
        }
    }
    grads
}

// ---------- the test vectors ----------

/// One test's results-file entry: `{"cost", "gradients": {"dW1", ...}, "cache": {"Z1", ...}}`,
/// every quantity computed in T.
fn run_test<T: Scalar>(net: &Net, test: &Json) -> String {
    let inputs = test.at("inputs");
    let array = |key: &str| Mat::<T>::from_json(inputs.at(key).at("value"));
    let L = net.activations.len();
    let p = Params {
        W: (1..=L).map(|l| array(&format!("W{l}"))).collect(),
        b: (1..=L).map(|l| array(&format!("b{l}"))).collect(),
    };
    let (X, Y) = (array("X"), array("Y"));
    assert_eq!(X.cols as f64, test.at("m").num(), "X has m columns");
    let cache = forward(net, &p, &X);
    let J = cost(net, &p, &cache, &Y);
    let grads = backward(net, &p, &X, &cache, &Y);
    let mut gradients = Vec::new();
    let mut layers = Vec::new();
    for l in 0..L {
        gradients.push(format!(
            "\"dW{}\": {}, \"db{}\": {}",
            l + 1,
            grads.dW[l].to_json(),
            l + 1,
            grads.db[l].to_json()
        ));
        layers.push(format!(
            "\"Z{}\": {}, \"A{}\": {}",
            l + 1,
            cache.Z[l].to_json(),
            l + 1,
            cache.A[l].to_json()
        ));
    }
    format!(
        "{{\"cost\": {}, \"gradients\": {{{}}}, \"cache\": {{{}}}}}",
        fmt_num(J.to_f64()),
        gradients.join(", "),
        layers.join(", ")
    )
}

/// What of the group this port does not support, if anything.
fn unsupported(group: &Json, net: &Net) -> Option<String> {
    let dtype = group.at("dtype").str();
    if dtype != "float32" && dtype != "float64" {
        return Some(format!("dtype {dtype} not ported"));
    }
    let missing: Vec<&str> = net
        .activations
        .iter()
        .copied()
        .filter(|g| !ACTIVATIONS.contains(g))
        .collect();
    if !missing.is_empty() {
        return Some(format!("activation {} not ported", missing.join(", ")));
    }
    (!LOSSES.contains(&net.loss)).then(|| format!("loss {} not ported", net.loss))
}

/// Print `message` on stderr and exit with status 2.
fn fail(message: String) -> ! {
    eprintln!("backprop-port: {message}");
    std::process::exit(2)
}

/// Read the vectors, run every test in its group's dtype, write the results file.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let default_vectors = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../vectors/backprop_test.json"
    );
    let vectors_path = args.get(1).map_or(default_vectors, String::as_str);
    let results_path = args.get(2).map_or("results.json", String::as_str);
    // unset or empty: no bug planted, as in the C port
    if let Some(name) = std::env::var("BP_MUTANT").ok().filter(|v| !v.is_empty()) {
        match MUTANTS.iter().find(|(n, _)| *n == name) {
            Some((_, what)) => eprintln!("BP_MUTANT={name}: {what}"),
            None => fail(format!(
                "unknown BP_MUTANT={name}; one of: {}",
                MUTANTS.map(|(n, _)| n).join(", ")
            )),
        }
    }

    let text = std::fs::read_to_string(vectors_path)
        .unwrap_or_else(|e| fail(format!("cannot read {vectors_path}: {e}")));
    let vectors = json::parse(&text).unwrap_or_else(|e| fail(format!("{vectors_path}: {e}")));
    if vectors.at("schema").str() != "backprop-vectors/1" {
        fail(format!(
            "{vectors_path}: unknown schema {}",
            vectors.at("schema").str()
        ));
    }

    let mut entries = Vec::new();
    for group in vectors.at("testGroups").arr() {
        let activations = group.at("activations").arr().iter().map(Json::str);
        let net = Net {
            activations: activations.collect(),
            loss: group.at("loss").str(),
            l2: group.at("l2").num(),
        };
        let skipped = unsupported(group, &net);
        for test in group.at("tests").arr() {
            let entry = match (&skipped, group.at("dtype").str()) {
                (Some(why), _) => format!("{{\"skipped\": {}}}", quote(why)),
                (None, "float32") if !mutant("f64_for_f32") => run_test::<f32>(&net, test),
                (None, _) => run_test::<f64>(&net, test),
            };
            entries.push(format!("  \"{}\": {entry}", test.at("tcId").num() as u64));
        }
    }
    let results = format!(
        "{{\"port\": \"examples/ports/rust\",\n \"results\": {{\n{}\n }}}}\n",
        entries.join(",\n")
    );
    std::fs::write(results_path, results)
        .unwrap_or_else(|e| fail(format!("cannot write {results_path}: {e}")));
    println!("wrote {results_path}: {} tests", entries.len());
}
