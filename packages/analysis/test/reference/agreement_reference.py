"""Reference values for iwa's agreement coefficients (issue 19).

Writes ../fixtures/agreement-reference.json: generated inputs and the values that the
reference implementations give for them. The TypeScript tests read that file, so CI needs no
Python. Regenerate with (versions used are written into the fixture):

    python -m venv .venv && .venv/bin/pip install irrCAC krippendorff nltk \
        krippendorff-unitized-alpha pandas numpy
    .venv/bin/python packages/analysis/test/reference/agreement_reference.py

References:
- irrCAC (Gwet): AC1/AC2, Brennan-Prediger, Fleiss' generalised kappa (Scott's pi), Conger's
  kappa, with standard errors and t intervals.
- krippendorff: Krippendorff's alpha (nominal, ordinal, interval, ratio), also on every
  bootstrap resample.
- nltk.metrics.agreement.AnnotationTask: alpha with masi_distance and jaccard_distance.
- krippendorff-unitized-alpha: u-alpha (Krippendorff et al. 2016).
- |u-alpha and cu-alpha have no packaged reference: `unitizing_family` below computes them
  character by character from the formulas of Krippendorff (2019, section 12.6), a different
  algorithm from iwa's sweep over segment boundaries.
"""

import json
import warnings
import math
import os
from importlib.metadata import version

import krippendorff
import numpy as np
import pandas as pd
from irrCAC.raw import CAC
from krippendorff_unitized_alpha.krippendorffs_unitized_alpha import (
    EMPTY_TAG,
    KrippendorffUnitizedAlpha,
    Segment,
)
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import jaccard_distance, masi_distance

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20240519)
OUT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "fixtures", "agreement-reference.json"))


def clean(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


# --- chance-corrected coefficients -------------------------------------------------------


def ratings_case(name, units, raters, categories, missing=0.0, probs=None, weights="identity"):
    data = []
    for _ in range(units):
        row = []
        for _ in range(raters):
            if rng.random() < missing:
                row.append(None)
            else:
                row.append(categories[rng.choice(len(categories), p=probs)])
        data.append(row)
    return dict(name=name, data=data, categories=categories, weights=weights)


def agreeing_case(name, units, raters, categories, agree=0.7, missing=0.0, probs=None, weights="identity"):
    """Coders who mostly agree with a true value: realistic, not random."""
    data = []
    for _ in range(units):
        truth = categories[rng.choice(len(categories), p=probs)]
        row = []
        for _ in range(raters):
            if rng.random() < missing:
                row.append(None)
            elif rng.random() < agree:
                row.append(truth)
            else:
                row.append(categories[rng.choice(len(categories))])
        data.append(row)
    return dict(name=name, data=data, categories=categories, weights=weights)


chance_cases = [
    agreeing_case("two coders, three codes", 40, 2, ["conceptual", "operational", "structural"]),
    agreeing_case("two coders, binary, rare code", 80, 2, ["absent", "present"], agree=0.85, probs=[0.95, 0.05]),
    agreeing_case("three coders with missing values", 50, 3, ["a", "b", "c", "d"], missing=0.2),
    agreeing_case("four coders, rare code, missing", 60, 4, ["creating", "disrupting", "maintaining"], agree=0.8, missing=0.15, probs=[0.6, 0.03, 0.37]),
    agreeing_case("five coders", 30, 5, ["x", "y"], agree=0.6),
    ratings_case("random ratings, three coders", 45, 3, ["p", "q", "r"], missing=0.1),
    agreeing_case("ordinal 1-5, linear weights", 40, 3, [1, 2, 3, 4, 5], agree=0.5, weights="linear"),
    agreeing_case("ordinal 1-5, quadratic weights", 40, 2, [1, 2, 3, 4, 5], agree=0.5, weights="quadratic"),
    agreeing_case("ordinal 1-4, ordinal weights, missing", 35, 3, [1, 2, 3, 4], agree=0.6, missing=0.1, weights="ordinal"),
    agreeing_case("ratio weights", 30, 2, [1, 2, 4, 8], agree=0.6, weights="ratio"),
    agreeing_case("radical weights", 30, 3, [1, 2, 3], agree=0.6, weights="radical"),
    agreeing_case("custom weights", 40, 2, ["low", "mid", "high"], agree=0.6,
                  weights=[[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 1.0]]),
    dict(name="zero variance: everyone says a, b is on the scale", data=[["a", "a", "a"]] * 12,
         categories=["a", "b"], weights="identity"),
]


def irr(case):
    df = pd.DataFrame([[np.nan if v is None else v for v in row] for row in case["data"]])
    out = {}
    for key, method in [("gwet", "gwet"), ("brennanPrediger", "bp"), ("scottsPi", "fleiss"), ("conger", "conger")]:
        cac = CAC(df, weights=case["weights"], categories=case["categories"], digits=15)
        with np.errstate(all="ignore"):
            try:
                est = getattr(cac, method)()["est"]
            except ZeroDivisionError:
                out[key] = None
                continue
        value = clean(est["coefficient_value"])
        if value is None:
            out[key] = None
            continue
        lo, hi = est["confidence_interval"]
        out[key] = dict(value=value, pa=clean(est["pa"]), pe=clean(est["pe"]), se=clean(est["se"]),
                        ci=[clean(lo), clean(hi)])
    return out


def kripp(case):
    cats = case["categories"]
    index = {c: i for i, c in enumerate(cats)}
    matrix = np.array([[np.nan if v is None else index[v] for v in row] for row in case["data"]], dtype=float).T
    out = {}
    levels = ["nominal"] + (["ordinal", "interval", "ratio"] if all(isinstance(c, (int, float)) for c in cats) else [])
    for level in levels:
        if level == "nominal":
            m = matrix
        else:
            m = np.array([[np.nan if v is None else v for v in row] for row in case["data"]], dtype=float).T
        try:
            with np.errstate(all="ignore"):
                a = krippendorff.alpha(reliability_data=m, level_of_measurement=level)
            out[level] = clean(a)
        except ValueError:
            out[level] = None
    return out


for case in chance_cases:
    case["expected"] = irr(case)
    case["alpha"] = kripp(case)

# --- set-valued alpha (nltk) ---------------------------------------------------------------

FORMS = ["form.conceptual", "form.operational", "form.relational", "form.structural"]


def set_case(name, units, coders, agree, missing=0.0, max_codes=3):
    data = []
    for _ in range(units):
        k = 1 + rng.integers(max_codes)
        truth = set(rng.choice(FORMS, size=k, replace=False).tolist())
        row = []
        for _ in range(coders):
            if rng.random() < missing:
                row.append(None)
                continue
            s = set(truth)
            if rng.random() > agree:
                s ^= {FORMS[rng.integers(len(FORMS))]}
            if not s:
                s = {FORMS[0]}
            row.append(sorted(s))
        data.append(row)
    return dict(name=name, data=data)


set_cases = [
    set_case("two coders, high agreement", 40, 2, 0.85),
    set_case("two coders, low agreement", 40, 2, 0.4),
    set_case("three coders", 30, 3, 0.7),
    set_case("three coders with missing values", 40, 3, 0.7, missing=0.2),
    set_case("four coders with missing values", 35, 4, 0.6, missing=0.25),
    set_case("single codes only", 40, 2, 0.7, max_codes=1),
    set_case("many codes", 25, 2, 0.5, max_codes=4),
    set_case("five coders", 20, 5, 0.75),
    set_case("small", 6, 2, 0.5),
    set_case("two coders, 100 units", 100, 2, 0.65, missing=0.05),
]


def nltk_alpha(case, distance):
    triples = []
    for u, row in enumerate(case["data"]):
        for c, v in enumerate(row):
            if v is not None:
                triples.append((f"c{c}", f"u{u}", frozenset(v)))
    return clean(AnnotationTask(data=triples, distance=distance).alpha())


for case in set_cases:
    case["expected"] = dict(masi=nltk_alpha(case, masi_distance), jaccard=nltk_alpha(case, jaccard_distance))

# --- unitizing alphas ---------------------------------------------------------------------


def partition(segments, length):
    """A coder's segments (start, end, value), sorted and non-overlapping, with the gaps."""
    out, pos = [], 0
    for s, e, v in sorted(segments):
        if s > pos:
            out.append((pos, s, None))
        out.append((s, e, v))
        pos = e
    if pos < length:
        out.append((pos, length, None))
    return out


def unitizing_family(coders, length):
    """u-alpha, |u-alpha and cu-alpha character by character (Krippendorff 2019, 12.6)."""
    m = len(coders)
    parts = [partition(c, length) for c in coders]
    at = [[None] * length for _ in range(m)]
    for i, p in enumerate(parts):
        for s, e, v in p:
            for x in range(s, e):
                at[i][x] = v
    values = sorted({v for p in parts for _, _, v in p if v is not None})
    keys = [None] + values
    ell = {(c, k): 0.0 for c in keys for k in keys}
    for x in range(length):
        for i in range(m):
            for j in range(m):
                if i != j:
                    ell[(at[i][x], at[j][x])] += 1 / (m - 1)
    corr = {c: 0.0 for c in keys}
    corr_star = {c: 0.0 for c in keys}
    for i, p in enumerate(parts):
        for s, e, v in p:
            corr[v] += (e - s) if v is None else (e - s) ** 2
            if v is not None:
                pairable = sum(1 for x in range(s, e) if any(at[j][x] is not None for j in range(m) if j != i))
                corr_star[v] += pairable ** 2

    def alpha(members, blocks, correction):
        total = sum(ell[(c, k)] for c in members for k in members)
        if total == 0:
            return None
        row = {c: sum(ell[(c, k)] for k in members) for c in members}
        col = {k: sum(ell[(c, k)] for c in members) for k in members}
        denom = total - sum(correction[c] for c in members) / total
        block = {c: b for b, bl in enumerate(blocks) for c in bl}
        do = sum(ell[(c, k)] for c in members for k in members if block[c] != block[k])
        de = sum(row[c] * col[k] / denom for c in members for k in members if block[c] != block[k])
        return None if de <= 0 else 1 - do / de

    return dict(
        u=alpha(keys, [[c] for c in keys], corr),
        binary=alpha(keys, [[None], values], corr),
        cu=alpha(values, [[c] for c in values], corr_star),
    )


def package_u_alpha(coders, length):
    data = {}
    for i, c in enumerate(coders):
        data[f"c{i}"] = [Segment(tag=EMPTY_TAG if v is None else v, start=s, end=e) for s, e, v in partition(c, length)]
    return clean(KrippendorffUnitizedAlpha(data).result)


def random_coder(length, values, n_units, max_len):
    segments, pos = [], 0
    for _ in range(n_units):
        pos += int(rng.integers(0, max(1, length // (n_units + 1))))
        ln = int(rng.integers(1, max_len + 1))
        if pos + ln > length:
            break
        segments.append((pos, pos + ln, values[int(rng.integers(len(values)))]))
        pos += ln
    return segments


def noisy_copy(segments, length, shift, relabel, values, drop=0.1):
    out, pos = [], 0
    for s, e, v in segments:
        if rng.random() < drop:
            continue
        s2 = max(pos, s + int(rng.integers(-shift, shift + 1)))
        e2 = min(length, e + int(rng.integers(-shift, shift + 1)))
        if e2 <= s2:
            continue
        if rng.random() < relabel:
            v = values[int(rng.integers(len(values)))]
        out.append((s2, e2, v))
        pos = e2
    return out


unit_cases = []


def add_unit_case(name, coders, length):
    unit_cases.append(dict(
        name=name, length=length,
        coders=[[list(s) for s in c] for c in coders],
        expected=dict(package_u=package_u_alpha(coders, length), **unitizing_family(coders, length)),
    ))


V3 = ["purpose.creating", "purpose.maintaining", "purpose.disrupting"]
for n, (m, length, shift, relabel) in enumerate([(2, 300, 3, 0.1), (2, 500, 8, 0.3), (3, 400, 4, 0.15),
                                                 (4, 350, 5, 0.2), (2, 200, 0, 0.0), (3, 600, 12, 0.5),
                                                 (2, 250, 2, 0.05), (5, 300, 3, 0.1)]):
    base = random_coder(length, V3, 8 + n, 30)
    coders = [base] + [noisy_copy(base, length, shift, relabel, V3) for _ in range(m - 1)]
    add_unit_case(f"{m} coders, shift ±{shift}, relabel {relabel}", coders, length)
add_unit_case("one code only (binary)", [random_coder(300, ["flag.resistance"], 10, 20) for _ in range(2)], 300)
add_unit_case("random spans, two coders", [random_coder(400, V3, 10, 25) for _ in range(2)], 400)
add_unit_case("identical", [[(10, 40, "a"), (60, 90, "b")], [(10, 40, "a"), (60, 90, "b")]], 120)
add_unit_case("1995-style: one coder's unit inside the other's gap",
              [[(0, 10, "c"), (30, 50, "c")], [(0, 10, "c"), (12, 18, "c"), (30, 50, "c")]], 60)

# --- bootstrap ------------------------------------------------------------------------------


def mulberry32(seed):
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def cohen(pairs):
    cats = sorted({x for p in pairs for x in p}, key=str)
    n = len(pairs)
    po = sum(1 for a, b in pairs if a == b) / n
    pe = sum((sum(1 for a, _ in pairs if a == c) / n) * (sum(1 for _, b in pairs if b == c) / n) for c in cats)
    return None if 1 - pe <= 1e-15 else (po - pe) / (1 - pe)


bootstrap_cases = []
for name, case, seed, resamples in [("alpha, three coders with missing values", chance_cases[2], 7, 300),
                                    ("alpha, four coders, rare code", chance_cases[3], 11, 300),
                                    ("kappa, two coders", chance_cases[0], 3, 300),
                                    ("kappa, binary rare code", chance_cases[1], 5, 300)]:
    data = case["data"]
    kind = "kappa" if name.startswith("kappa") else "alpha"
    if kind == "kappa":
        units = [r for r in data if r[0] is not None and r[1] is not None]
    else:
        units = data
    cats = case["categories"]
    index = {c: i for i, c in enumerate(cats)}
    rand = mulberry32(seed)
    draws = []
    n = len(units)
    for _ in range(resamples):
        counts = [0] * n
        for _ in range(n):
            counts[int(math.floor(rand() * n))] += 1
        sample = [units[u] for u in range(n) for _ in range(counts[u])]
        if kind == "kappa":
            x = cohen([(r[0], r[1]) for r in sample])
        else:
            mat = np.array([[np.nan if v is None else index[v] for v in r] for r in sample], dtype=float).T
            with np.errstate(all="ignore"):
                try:
                    x = clean(krippendorff.alpha(reliability_data=mat, level_of_measurement="nominal"))
                except ValueError:
                    x = None
        if x is not None:
            draws.append(x)
    draws = np.array(draws)
    bootstrap_cases.append(dict(
        name=name, kind=kind, data=data, seed=seed, resamples=resamples,
        expected=dict(lower=float(np.quantile(draws, 0.025)), upper=float(np.quantile(draws, 0.975)),
                      below={"0.667": float(np.mean(draws < 0.667)), "0.8": float(np.mean(draws < 0.8))},
                      defined=int(len(draws))),
    ))

fixture = dict(
    generatedBy="packages/analysis/test/reference/agreement_reference.py",
    versions={p: version(p) for p in ["irrCAC", "krippendorff", "nltk", "krippendorff-unitized-alpha", "numpy", "pandas"]},
    chance=chance_cases,
    sets=set_cases,
    unitizing=unit_cases,
    bootstrap=bootstrap_cases,
)
with open(OUT, "w") as f:
    json.dump(fixture, f, indent=1)
print(f"wrote {OUT}: {len(chance_cases)} chance, {len(set_cases)} set, {len(unit_cases)} unitizing, {len(bootstrap_cases)} bootstrap cases")
