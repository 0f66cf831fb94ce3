#!/usr/bin/env python3
"""Generates a large progress database for benchmarks: LEARNERS x ATTEMPTS x ANSWERS responses
(default 500 x 50 x 40 = 1,000,000), drawn from the shipped Foundation questions, with the records of
one regrade (schema v3: every wrong answer to one question accepted, one adjustment record per item)
and an erratum report per team.

Usage: tools/gen_progress_db.py OUT.db [--learners 500] [--attempts 50] [--answers 40] [--cli build/examsim-cli]
                                [--analyze]
The schema is created by examsim-cli itself, so the file is exactly what the programs write, at the
schema version they write. The programs never run ANALYZE, so neither does this by default (--analyze
adds SQLite's statistics, which can change query plans).
"""
import argparse
import hashlib
import json
import random
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--learners", type=int, default=500)
    ap.add_argument("--attempts", type=int, default=50)
    ap.add_argument("--answers", type=int, default=40)
    ap.add_argument("--cli", default=str(root / "build" / "examsim-cli"))
    ap.add_argument("--seed", type=int, default=20000)
    ap.add_argument("--analyze", action="store_true", help="run ANALYZE at the end")
    args = ap.parse_args()
    out = Path(args.out)
    if out.exists():
        print(f"{out} exists; remove it first", file=sys.stderr)
        return 2
    subprocess.run([args.cli, "--db", str(out), "learners"], check=True, capture_output=True)

    rnd = random.Random(args.seed)
    topics = {}
    questions = []
    for f in sorted((root / "question-banks").glob("*.json")):
        bank = json.loads(f.read_text())
        if bank.get("format") != "examsim-bank":
            continue
        for q in bank["questions"]:
            if q["level"] == "foundation" and q["type"] == "single":
                text = json.dumps(q, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                questions.append((q["id"], q["topic"], hashlib.sha256(text.encode()).hexdigest(), text, q["key"]))
    db = sqlite3.connect(str(out))
    db.execute("PRAGMA synchronous=OFF")  # bulk load; the programs themselves always write with FULL
    db.executemany("INSERT OR IGNORE INTO question_snapshots(hash, question_id, json) VALUES (?, ?, ?)",
                   [(h, qid, text) for qid, _, h, text, _ in questions])
    teams = [f"Team {i:02d}" for i in range(max(1, args.learners // 25))]
    t0 = 1_700_000_000
    regraded = questions[0][0]  # the question whose wrong answers a regrade accepted
    for li in range(args.learners):
        lid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        skill = rnd.uniform(0.45, 0.9)
        db.execute("INSERT INTO learners(id, name, team, created_at) VALUES (?, ?, ?, ?)",
                   (lid, f"Learner {li:04d}", teams[li % len(teams)], t0))
        attempts, items, responses, adjustments = [], [], [], []
        for ai in range(args.attempts):
            aid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
            started = t0 + li * 1000 + ai * 86400
            paper = rnd.sample(questions, min(args.answers, len(questions)))
            right = 0
            regrade = None
            for pos, (qid, topic, h, _, key) in enumerate(paper):
                correct = rnd.random() < skill
                right += correct
                if qid == regraded and not correct:
                    regrade = (qid, pos, h)
                answer = key if correct else ("a" if key != "a" else "b")
                items.append((aid, pos, qid, h, "0,1,2,3", "", "", "operation", "1", "", ""))
                responses.append((aid, pos, lid, qid, topic, "1", json.dumps({"m": [], "s": [answer]}, separators=(",", ":")),
                                  0, 0, int(correct), float(correct), rnd.randint(5000, 120000), 0, started + pos * 60))
            percent = 100.0 * right / len(paper)
            if regrade:
                qid, pos, h = regrade
                new_percent = 100.0 * (right + 1) / len(paper)
                adjustments.append((aid, started + 30 * 86400, "regrade: accept both answers", 1.0, qid, pos, 0.0, 1.0,
                                    int(percent >= 65), int(new_percent >= 65), h, right + 1.0, new_percent))
            attempts.append((aid, lid, "foundation", "ISO/IEC 20000 Foundation", "exam", rnd.getrandbits(62), "generated@1.0",
                             60, 0.0, 65.0, 1.0, started, started + 3000, 3_000_000, len(paper) - 1, "submitted", right,
                             len(paper), percent, int(percent >= 65), 1.0 if percent >= 65 else 0.0))
        db.executemany("INSERT INTO attempts(id, learner_id, profile_id, profile_title, mode, seed, banks, time_limit_minutes, "
                       "extra_time_percent, pass_mark_percent, credits_if_passed, started_at, finished_at, elapsed_ms, "
                       "current_position, status, score, max_score, percent, passed, credits) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", attempts)
        db.executemany("INSERT INTO attempt_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
        db.executemany("INSERT INTO responses(attempt_id, position, learner_id, question_id, topic, part, answer, flagged, "
                       "checked, correct, earned, time_ms, changes, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       responses)
        db.executemany("INSERT INTO adjustments(attempt_id, created_at, reason, delta, question_id, position, old_earned, "
                       "new_earned, old_passed, new_passed, key_hash, new_score, new_percent) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", adjustments)
        if li < len(teams):
            db.execute("INSERT INTO errata(learner_id, question_id, kind, text, created_at) VALUES (?, ?, ?, ?, ?)",
                       (lid, regraded, "key-wrong", "Both answers look right to me.", t0 + 86400))
        db.commit()
    if args.analyze:
        db.execute("ANALYZE")
        db.commit()
    n = db.execute("SELECT count(*) FROM responses").fetchone()[0]
    adj = db.execute("SELECT count(*) FROM adjustments").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    print(f"{out}: schema v{version}, {args.learners} learners, {args.learners * args.attempts} attempts, {n} responses, "
          f"{adj} adjustment records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
