"""The sodium quantification of `manus quantify`, written independently in numpy, for bench/sodium.bench.ts.

Same steps and formulas (../shared/reference/sodium-quantification.md): sigma from the noise label, the unbiased
Rician ROI estimator weighted by 1/(R F), receive/transmit/relaxation corrections, least-squares tube calibration,
per-ROI mean/SD/median/voxels/volume, the partial-volume (2x2x2 block) and clipping checks. It reads the files,
then times the quantification itself (best of three) and prints one JSON object: the results, so that the bench can
check that both implementations agree, and the times in milliseconds.

Usage: python3 sodium_numpy.py SODIUM LABELS LEGEND [--receive-field F] [--transmit-field F] [--relaxation F]
                               [--no-noise-correction]
"""

import argparse
import gzip
import json
import math
import struct
import sys
import time

import numpy as np

DTYPES = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2", 768: "u4"}
KINDS = {"reference": 0, "joint": 1, "tissue": 2}


def read_nifti(path):
    """A NIfTI-1 single file (.nii or .nii.gz): the voxels as a flat array (x fastest) and the voxel size."""
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    endian = "<" if struct.unpack("<i", raw[:4])[0] == 348 else ">"
    dim = struct.unpack(endian + "8h", raw[40:56])
    datatype = struct.unpack(endian + "h", raw[70:72])[0]
    pixdim = struct.unpack(endian + "8f", raw[76:108])
    offset = int(struct.unpack(endian + "f", raw[108:112])[0])
    slope, inter = struct.unpack(endian + "2f", raw[112:120])
    count = dim[1] * dim[2] * dim[3]
    data = np.frombuffer(raw, dtype=endian + DTYPES[datatype], count=count, offset=offset)
    if slope not in (0.0, 1.0) or inter != 0.0:
        data = data * slope + inter
    return data, (dim[1], dim[2], dim[3]), tuple(abs(p) for p in pixdim[1:4])


def steady_state_decay(acq, compartment):
    e1 = math.exp(-acq["trMs"] / compartment["t1Ms"])
    t2 = compartment["t2Star"]
    components = [{"fraction": 1.0, "t2StarMs": t2}] if isinstance(t2, (int, float)) else t2
    decay = sum(c["fraction"] * math.exp(-acq["teMs"] / c["t2StarMs"]) for c in components)
    return e1, decay


def quantify(sodium, labels, dims, spacing, legend, receive, transmit, relaxation, noise_correction):
    entries = sorted(((int(k), v) for k, v in legend["labels"].items()), key=lambda e: e[0])
    count_rois = len(entries)
    lookup = np.zeros(65536, dtype=np.int32)
    for d, (label, _) in enumerate(entries, start=1):
        lookup[label] = d
    if not np.isfinite(sodium).all():
        raise SystemExit("NaN voxels")
    dense = lookup[labels.astype(np.int64)]

    # Weights 1/(R F) per voxel; noise and unlabelled voxels take the tissue model.
    kind_of = np.full(count_rois + 1, KINDS["tissue"])
    for d, (_, e) in enumerate(entries, start=1):
        if e["kind"] in KINDS:
            kind_of[d] = KINDS[e["kind"]]
    if relaxation is not None:
        acq = relaxation
        constants = [steady_state_decay(acq, relaxation["compartments"][k]) for k in KINDS]
        flip = math.radians(acq["flipAngleDeg"])
        e1 = np.array([constants[k][0] for k in kind_of])
        decay = np.array([constants[k][1] for k in kind_of])
        if transmit is not None:
            angle = transmit.astype(np.float64) * flip
            e1v = e1[dense]
            w = (1 - e1v * np.cos(angle)) / (np.sin(angle) * (1 - e1v) * decay[dense])
        else:
            inverse = (1 - e1 * math.cos(flip)) / (math.sin(flip) * (1 - e1) * decay)
            w = inverse[dense]
    else:
        w = np.ones(sodium.size)
    if receive is not None:
        w = w / receive
    m = sodium.astype(np.float64)

    n = np.bincount(dense, minlength=count_rois + 1).astype(np.float64)
    wm = w * m
    sum_m = np.bincount(dense, weights=m, minlength=count_rois + 1)
    sum_m2 = np.bincount(dense, weights=m * m, minlength=count_rois + 1)
    sum_wm = np.bincount(dense, weights=wm, minlength=count_rois + 1)
    sum_w2m2 = np.bincount(dense, weights=wm * wm, minlength=count_rois + 1)
    sum_w2 = np.bincount(dense, weights=w * w, minlength=count_rois + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        noise = [d for d, (_, e) in enumerate(entries, start=1) if e["kind"] == "noise"]
        noise_power = sum(sum_m2[d] for d in noise) / sum(n[d] for d in noise) if noise else None
        sigma = math.sqrt(noise_power / 2) if noise_power is not None else None
        if noise_correction:
            amplitude = np.sqrt(np.maximum(sum_w2m2 / n - noise_power * sum_w2 / n, 0))
        else:
            amplitude = sum_wm / n

    refs = [(d, label, e) for d, (label, e) in enumerate(entries, start=1) if e["kind"] == "reference"]
    x = np.array([e["concentrationMmol"] for _, _, e in refs], dtype=np.float64)
    y = np.array([amplitude[d] for d, _, _ in refs])
    slope, intercept = np.polyfit(x, y, 1)
    residuals = y - (slope * x + intercept)
    r2 = 1 - (residuals**2).sum() / ((y - y.mean()) ** 2).sum()

    a = np.sqrt(np.maximum(m * m - sigma * sigma, 0)) if noise_correction else m
    conc = ((w * a - intercept) / slope).astype(np.float32)

    # Per-ROI SD and median: group the voxels of measured ROIs by label with one stable sort.
    measured = np.zeros(count_rois + 1, dtype=bool)
    for d, (_, e) in enumerate(entries, start=1):
        measured[d] = e["kind"] in ("joint", "tissue")
    index = np.flatnonzero(measured[dense])
    order = index[np.argsort(dense[index], kind="stable")]
    grouped = conc[order]
    bounds = np.concatenate([[0], np.cumsum(n * measured)]).astype(np.int64)

    # Thinner than 2 voxels: no 2x2x2 block of one label.
    vol = dense.reshape(dims[2], dims[1], dims[0])
    corner = vol[:-1, :-1, :-1]
    block = corner != 0
    for dz in (0, 1):
        for dy in (0, 1):
            for dx in (0, 1):
                if dx or dy or dz:
                    block &= corner == vol[dz : dims[2] - 1 + dz, dy : dims[1] - 1 + dy, dx : dims[0] - 1 + dx]
    thick = set(np.unique(corner[block]).tolist())

    image_max = sodium.max()
    at_max = np.bincount(dense[sodium == image_max], minlength=count_rois + 1)

    voxel_mm3 = spacing[0] * spacing[1] * spacing[2]
    rois = []
    for d, (label, e) in enumerate(entries, start=1):
        if not measured[d] or n[d] == 0:
            continue
        values = grouped[bounds[d] : bounds[d + 1]].astype(np.float64)
        rois.append(
            {
                "label": label,
                "name": e["name"],
                "kind": e["kind"],
                "voxels": int(n[d]),
                "volumeMm3": float(n[d] * voxel_mm3),
                "concentrationMmol": {
                    "mean": float((amplitude[d] - intercept) / slope),
                    "sd": float(values.std(ddof=1)) if values.size > 1 else 0.0,
                    "median": float(np.median(values)),
                },
            }
        )
    references = [
        {
            "label": label,
            "concentrationMmol": e["concentrationMmol"],
            "meanSignal": float(sum_m[d] / n[d]),
            "correctedSignal": float(amplitude[d]),
            "voxels": int(n[d]),
            "residual": float(residuals[i]),
            "thick": d in thick,
            "voxelsAtMaximum": int(at_max[d]),
        }
        for i, (d, label, e) in enumerate(refs)
    ]
    return {
        "calibration": {
            "slope": float(slope),
            "intercept": float(intercept),
            "r2": float(r2),
            "noiseSigma": sigma,
            "references": references,
        },
        "rois": rois,
        "thinRois": sorted(entries[d - 1][0] for d in range(1, count_rois + 1) if measured[d] and d not in thick and n[d] > 0),
        "map": conc,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sodium")
    parser.add_argument("labels")
    parser.add_argument("legend")
    parser.add_argument("--receive-field")
    parser.add_argument("--transmit-field")
    parser.add_argument("--relaxation")
    parser.add_argument("--no-noise-correction", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    sodium, dims, spacing = read_nifti(args.sodium)
    labels, _, _ = read_nifti(args.labels)
    receive = read_nifti(args.receive_field)[0] if args.receive_field else None
    transmit = read_nifti(args.transmit_field)[0] if args.transmit_field else None
    legend = json.load(open(args.legend))
    relaxation = json.load(open(args.relaxation)) if args.relaxation else None
    read_ms = (time.perf_counter() - start) * 1000

    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        result = quantify(
            sodium, labels, dims, spacing, legend, receive, transmit, relaxation, not args.no_noise_correction
        )
        best = min(best, (time.perf_counter() - start) * 1000)
    conc = result.pop("map")
    result["mapChecksum"] = float(np.nansum(conc.astype(np.float64)))
    result["readMs"] = read_ms
    result["quantifyMs"] = best
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
