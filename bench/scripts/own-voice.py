#!/usr/bin/env python3
"""Few-shot "your own voice" benchmark (issue 12, docs/real-voices.md "Your own recordings").

Protocol (../shared/real-dev-gsc/README.md): take at most N clips per keyword from S speakers of
the real-voice set as the "user's recordings", rename them to our own speaker names
(user1_nohash_0.wav, ...), add them to the default synthetic dataset, train (from scratch or
with --init BASE), and score the device int8 model on the clips of all OTHER speakers of the
set. A measured speaker never enters training: the chosen speakers' clips (every word they
said) are removed from the evaluation folder.

Usage:
  bench/scripts/own-voice.py --run [--configs 5x20,1x5] [--modes scratch,init] [--seeds 42,7,13]
      [--work /tmp/tinykws-ownvoice] [--synth DIR] [--real DIR] [--tinykws ./tinykws]
      [--train-arg=--real-oversample=1 ...] [--tag NAME]

  --configs SxN: S speakers, N clips per keyword in all (spread over the speakers as evenly as
  their clips allow; 1 speaker has at most ~9 clips of a word in this set).
  Without --run it prints what it would do. Results: <work>/results.tsv (one row per run, appended),
  summarised by --summary.
Needs: the default synthetic dataset (made with `tinykws dataset synth --out <work>/synth` when absent),
the real-voice folder, python3 (stdlib only).
"""
import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict

KEYWORDS = "yes no up down left right on off stop go".split()
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sh(cmd, log):
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        t0 = time.time()
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
        dt = time.time() - t0
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)} — see {log}")
    return dt


def real_clips(real):
    """speaker -> word -> sorted file paths (relative to real)."""
    out = defaultdict(lambda: defaultdict(list))
    with open(os.path.join(real, "files.csv")) as f:
        for row in csv.DictReader(f):
            if row["speaker"]:
                out[row["speaker"]][row["word"]].append(row["path"])
    for s in out.values():
        for w in s:
            s[w].sort()
    return out


def pick(clips, speakers, per_keyword, seed):
    """Chooses `speakers` speakers and up to `per_keyword` clips of every keyword from them.

    Returns ([speaker ids], {keyword: [(speaker, path)]}). Eligible speakers have clips of every
    keyword; the per-speaker share is per_keyword/speakers rounded up, taken round robin.
    """
    share = -(-per_keyword // speakers)
    need = min(share, 4)  # at least this many clips of every keyword
    eligible = sorted(s for s, w in clips.items() if all(len(w.get(k, [])) >= need for k in KEYWORDS))
    if len(eligible) < speakers:
        sys.exit(f"only {len(eligible)} speakers have {need} clips of every keyword")
    chosen = random.Random(seed).sample(eligible, speakers)
    out = {}
    for ki, k in enumerate(KEYWORDS):
        got = []
        idx = [0] * speakers
        # round robin, starting at a different speaker per keyword so 1 clip/keyword spreads over speakers
        i = ki % speakers
        while len(got) < per_keyword:
            progressed = False
            for _ in range(speakers):
                s = chosen[i]
                if idx[i] < len(clips[s][k]):
                    got.append((s, clips[s][k][idx[i]]))
                    idx[i] += 1
                    progressed = True
                    i = (i + 1) % speakers
                    break
                i = (i + 1) % speakers
            if not progressed:
                break
        out[k] = got
    return chosen, out


def build_train(synth, real, chosen, picks, dst):
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    for name in os.listdir(synth):
        src = os.path.join(synth, name)
        if name == "_background_noise_":
            os.symlink(os.path.abspath(src), os.path.join(dst, name))
        elif os.path.isdir(src):
            os.makedirs(os.path.join(dst, name))
            for f in os.listdir(src):
                os.symlink(os.path.abspath(os.path.join(src, f)), os.path.join(dst, name, f))
        elif name == "dataset.json":
            shutil.copy(src, os.path.join(dst, name))
    rename = {s: f"user{i + 1}" for i, s in enumerate(chosen)}
    n = defaultdict(int)
    for k, lst in picks.items():
        for s, path in lst:
            u = rename[s]
            f = os.path.join(dst, k, f"{u}_nohash_{n[(u, k)]}.wav")
            n[(u, k)] += 1
            os.symlink(os.path.abspath(os.path.join(real, path)), f)


def build_eval(real, chosen, dst):
    """Every clip of the real set except those of the chosen speakers."""
    if os.path.isdir(dst):
        return
    tmp = dst + ".tmp"
    if os.path.isdir(tmp):
        shutil.rmtree(tmp)
    os.makedirs(tmp)
    bad = set(chosen)
    with open(os.path.join(real, "files.csv")) as f:
        for row in csv.DictReader(f):
            if row["speaker"] in bad:
                continue
            d = os.path.join(tmp, os.path.dirname(row["path"]))
            os.makedirs(d, exist_ok=True)
            os.symlink(os.path.abspath(os.path.join(real, row["path"])), os.path.join(tmp, row["path"]))
    os.rename(tmp, dst)


def figures(eval_json, variant="int8"):
    r = json.load(open(eval_json))
    labels = r["labels"]
    v = r["variants"][variant]
    cm = v["confusion"]
    si, ui = labels.index("_silence_"), labels.index("_unknown_")
    kw = [i for i, l in enumerate(labels) if i not in (si, ui)]
    kw_total = sum(sum(cm[i]) for i in kw)
    kw_right = sum(cm[i][i] for i in kw)
    kw_rejected = sum(cm[i][si] + cm[i][ui] for i in kw)
    unk_total = sum(cm[ui])
    unk_as_kw = sum(cm[ui][j] for j in kw)
    return {
        "acc": v["accuracy"],
        "kw_recall": kw_right / kw_total if kw_total else float("nan"),
        "kw_rejected": kw_rejected / kw_total if kw_total else float("nan"),
        "unk_as_kw": unk_as_kw / unk_total if unk_total else float("nan"),
        "clips": r["clips"],
    }


FIELDS = ["tag", "config", "mode", "seed", "speakers", "user_clips", "eval_clips", "train_s",
          "acc_int8", "kw_recall_int8", "kw_rejected_int8", "unk_as_kw_int8", "acc_float", "train_loop_s",
          "epochs", "train_args"]


def run(a):
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "driver.log")
    tk = [a.tinykws]
    synth = a.synth or os.path.join(work, "synth")
    if not os.path.isfile(os.path.join(synth, "dataset.json")):
        sh(tk + ["dataset", "synth", "--out", synth, "--no-progress"], log)
    base = a.base or os.path.join(work, "base")
    if "init" in a.modes and not os.path.isfile(os.path.join(base, "model.json")):
        # the base sees the same --train-arg settings as the runs (e.g. --teacher=none), minus --init
        sh(tk + ["train", "--data", synth, "--out", base, "--no-progress"] + a.train_arg, log)
    clips = real_clips(a.real)
    results = os.path.join(work, "results.tsv")
    if not os.path.exists(results):
        with open(results, "w") as f:
            f.write("\t".join(FIELDS) + "\n")
    for cfg in a.configs:
        s, n = (int(x) for x in cfg.split("x"))
        for seed in a.seeds:
            chosen, picks = pick(clips, s, n, seed)
            name = f"{cfg}-s{seed}"
            data = os.path.join(work, "data", name)
            build_train(a.synth_abs(synth), a.real, chosen, picks, data)
            ev = os.path.join(work, "eval", "-".join(sorted(chosen)))
            build_eval(a.real, chosen, ev)
            user = sum(len(v) for v in picks.values())
            for mode in a.modes:
                out = os.path.join(work, "models", f"{a.tag}-{name}-{mode}")
                if os.path.isdir(out):
                    shutil.rmtree(out)
                cmd = tk + ["train", "--data", data, "--out", out, "--seed", str(seed), "--no-progress"]
                if mode == "init":
                    cmd += ["--init", base]
                cmd += a.train_arg
                dt = sh(cmd, log)
                js = os.path.join(out, "real-eval.json")
                sh(tk + ["evaluate", "--model", out, "--data", ev, "--split", "all", "--json", js,
                         "--out", os.path.join(out, "real-eval")], log)
                q, f = figures(js, "int8"), figures(js, "float")
                meta = json.load(open(os.path.join(out, "model.json")))
                metrics = meta.get("metrics", {})
                loop_s = metrics.get("trainingSeconds", float("nan"))
                epochs = meta.get("metadata", {}).get("training", {}).get("epochsRun", "")
                row = [a.tag, cfg, mode, str(seed), ",".join(chosen), str(user), str(q["clips"]), f"{dt:.0f}",
                       f"{q['acc']:.4f}", f"{q['kw_recall']:.4f}", f"{q['kw_rejected']:.4f}",
                       f"{q['unk_as_kw']:.4f}", f"{f['acc']:.4f}", f"{loop_s:.0f}", str(epochs), " ".join(a.train_arg)]
                with open(results, "a") as fo:
                    fo.write("\t".join(row) + "\n")
                print("\t".join(row), flush=True)
                if not a.keep_models:
                    for p in os.listdir(out):
                        if p == "cache" or p == "checkpoints":
                            shutil.rmtree(os.path.join(out, p), ignore_errors=True)


def summary(a):
    if a.markdown:
        import platform
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
        print("## Your own voice: few-shot real recordings\n")
        print("Driver: `bench/scripts/own-voice.py --run` (then `--summary --markdown`), on "
              f"{time.strftime('%Y-%m-%d', time.gmtime())}, {os.cpu_count()} cores, {cpu}, {platform.system()}; "
              "the machine was shared with other jobs (load average 20-45), so times are only roughly comparable.\n")
        print("Protocol (`../shared/real-dev-gsc/README.md`): N clips per keyword from S speakers of the real-voice "
              "set are the user's recordings (renamed `user1..`), added to the default synthetic dataset "
              "(`tinykws dataset synth` defaults, 1,585 clips, 105 synthetic speakers); the device **int8** model "
              "is scored on every clip of all OTHER speakers of the set (12 classes, about 2,450-2,670 clips). "
              "Speakers are drawn per seed among those with enough clips of every keyword; the seed also seeds "
              "training. `init` = `tinykws train --init BASE` (BASE = the same synthetic dataset, default training, "
              "seed 42). `xN` = `--real-oversample N` (10 is the default). Mean ± standard deviation over seeds.\n")
    rows = list(csv.DictReader(open(os.path.join(a.work, "results.tsv")), delimiter="\t"))
    groups = defaultdict(list)
    for r in rows:
        groups[(r["tag"], r["config"], r["mode"], r["train_args"])].append(r)
    print("| run (--tag) | speakers x clips/keyword | start | seeds | int8 accuracy | keyword recall | keywords rejected"
          " | other words taken for keywords | float accuracy | train command s (median) | training loop s (median) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (tag, cfg, mode, args), rs in sorted(groups.items()):
        def m(k):
            return 100 * statistics.mean(float(r[k]) for r in rs)
        def sd(k):
            return 100 * statistics.stdev(float(r[k]) for r in rs) if len(rs) > 1 else 0
        print(f"| {tag} | {cfg} | {mode} | {len(rs)} | {m('acc_int8'):.1f} ± {sd('acc_int8'):.1f} % "
              f"| {m('kw_recall_int8'):.1f} % | {m('kw_rejected_int8'):.1f} % | {m('unk_as_kw_int8'):.1f} % "
              f"| {m('acc_float'):.1f} % | {statistics.median(float(r['train_s']) for r in rs):.0f} "
              f"| {statistics.median(float(r['train_loop_s']) for r in rs):.0f} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", action="store_true")
    p.add_argument("--summary", action="store_true")
    p.add_argument("--work", default="/tmp/tinykws-ownvoice")
    p.add_argument("--synth")
    p.add_argument("--base", help="base package for --init (trained on --synth when absent)")
    p.add_argument("--real", default=next((d for d in (os.path.join(ROOT, "..", "shared", "real-dev-gsc"),
                                                       os.path.join(ROOT, "..", "..", "shared", "real-dev-gsc"))
                                             if os.path.isdir(d)), os.path.join(ROOT, "..", "shared", "real-dev-gsc")))
    p.add_argument("--tinykws", default=os.path.join(ROOT, "tinykws"))
    p.add_argument("--configs", default="5x20,1x5")
    p.add_argument("--modes", default="scratch,init")
    p.add_argument("--seeds", default="42,7,13")
    p.add_argument("--tag", default="default")
    p.add_argument("--train-arg", action="append", default=[])
    p.add_argument("--keep-models", action="store_true")
    p.add_argument("--markdown", action="store_true", help="with --summary: a whole bench/results section")
    a = p.parse_args()
    a.configs = a.configs.split(",")
    a.modes = a.modes.split(",")
    a.seeds = [int(s) for s in a.seeds.split(",")]
    a.synth_abs = os.path.abspath
    if a.summary:
        summary(a)
    elif a.run:
        if not os.path.isfile(os.path.join(a.real, "files.csv")):
            sys.exit(f"no real-voice set at {a.real} (files.csv missing)")
        run(a)
    else:
        print(__doc__)
        print(f"would run configs {a.configs}, modes {a.modes}, seeds {a.seeds} in {a.work}; pass --run")


if __name__ == "__main__":
    main()
