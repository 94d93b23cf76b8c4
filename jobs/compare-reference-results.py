#!/usr/bin/env python3
"""Compares two copies of the committed reference results (docs/results/<sweep>/) candidate by candidate.

Candidates are matched by their pruning configuration (criterion, granularity, scope, target sparsity,
schedule, fine-tune budget, ...), not by id: a candidate's id includes the base model's fingerprint, which
changes when the model's layer classes change. Prints, per sweep, the spread of validation-accuracy changes,
the total fine-tune time ratio and the hypervolume of the fronts, then every candidate with |change| > 1 pp.

    git worktree add /tmp/old <commit> && python3 jobs/compare-reference-results.py /tmp/old/docs/results docs/results
"""
import glob
import json
import os
import statistics
import sys

KEYS = ['criterion', 'granularity', 'scope', 'targetSparsity', 'schedule', 'fineTuneEpochs', 'learningRate',
        'batchSize', 'pruneOutputLayer', 'maxLayerSparsity', 'budget', 'rung', 'rounds']


def key(r):
    return json.dumps([r.get(k) for k in KEYS])


def rows(root, sweep):
    out = {}
    for f in glob.glob(f"{root}/{sweep}/results/*.json"):
        r = json.load(open(f))
        out[key(r)] = r
    return out


def main(old_root, new_root):
    for sweep in sorted(os.listdir(new_root)):
        if not os.path.isdir(f"{old_root}/{sweep}"):
            continue
        old, new = rows(old_root, sweep), rows(new_root, sweep)
        common = [k for k in sorted(set(old) & set(new))
                  if old[k].get('valAccuracy') is not None and new[k].get('valAccuracy') is not None]
        if not common:
            print(f"{sweep}: no candidates in common")
            continue
        diffs = {k: 100 * (new[k]['valAccuracy'] - old[k]['valAccuracy']) for k in common}
        ft_old = sum(old[k].get('fineTuneMs') or 0 for k in common)
        ft_new = sum(new[k].get('fineTuneMs') or 0 for k in common)
        hv_old = json.load(open(f"{old_root}/{sweep}/front.json"))['summary']['hypervolume']
        hv_new = json.load(open(f"{new_root}/{sweep}/front.json"))['summary']['hypervolume']
        d = list(diffs.values())
        print(f"{sweep}: {len(common)} candidates; validation accuracy change (pp) min {min(d):+.2f}, "
              f"median {statistics.median(d):+.2f}, max {max(d):+.2f}, mean |change| "
              f"{statistics.mean(abs(x) for x in d):.2f}; fine-tune time {ft_new / max(ft_old, 1):.2f}x; "
              f"hypervolume {hv_old:.0f} -> {hv_new:.0f}")
        for k in common:
            if abs(diffs[k]) > 1:
                r = old[k]
                print(f"  {r['criterion']}/{r['granularity']}/{r['scope']}@{r['targetSparsity']} {r['schedule']}: "
                      f"{100 * old[k]['valAccuracy']:.2f} % -> {100 * new[k]['valAccuracy']:.2f} % "
                      f"(seed {old[k]['seed']} -> {new[k]['seed']})")


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit("usage: compare-reference-results.py OLD_RESULTS_DIR NEW_RESULTS_DIR")
    main(sys.argv[1], sys.argv[2])
