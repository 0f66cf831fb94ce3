#!/usr/bin/env python3
"""Makes a sample progress database by sitting real papers with examsim-cli take, then writes the
example outputs of docs/examples/ from it (score reports, a competency record, team records, xAPI
statements, a records bundle). Run it again to remake them after a change.

Usage: tools/make_sample_db.py [--cli build/examsim-cli] [--out docs/examples] [--keep-db FILE]

How the answers are known: before each exam-mode sitting the learner's database is copied, and the
same paper (same seed, same history) is sat in study mode in the copy, answering A to everything; the
feedback ("Correct." or "The answer is D.") gives the key of every question. The real sitting then
answers the keys, with a chosen number of wrong answers. Only single-answer profiles are used.

Piped answers take no time, and every sitting happens within a second; so that the examples read
like real records, the script then spreads the attempts over past weeks and gives them plausible
times (SIMULATED: 40 to 100 seconds a question), straight in the sample database.
"""
import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Sampler:
    def __init__(self, cli: str, db: Path, work: Path):
        self.cli, self.db, self.work = cli, db, work

    def run(self, args, stdin="", db=None, check=True):
        r = subprocess.run([self.cli, "--db", str(db or self.db)] + args, input=stdin, capture_output=True, text=True)
        if check and r.returncode != 0:
            sys.exit(f"examsim-cli {' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        return r.stdout

    def keys(self, learner, profile, seed):
        probe = self.work / "probe.db"
        if probe.exists():
            probe.unlink()
        if self.db.exists():
            shutil.copy(self.db, probe)
        out = self.run(["take", "--learner", learner, "--profile", profile, "--mode", "study", "--seed", str(seed)],
                       "a\nn\n" * 60 + "s\n", db=probe, check=False)
        keys = {}
        parts = re.split(r"\nQuestion (\d+) of (\d+)\n", out)
        total = int(parts[2]) if len(parts) > 2 else 0
        for number, block in zip(parts[1::3], parts[3::3]):
            m = re.search(r"\n(Correct\.|Not correct\. The answer is ([A-E])\.)", block)
            if m and int(number) not in keys:
                keys[int(number)] = "a" if m.group(2) is None else m.group(2).lower()
        if total == 0 or sorted(keys) != list(range(1, total + 1)):
            sys.exit(f"{learner} {profile} seed {seed}: the study-mode probe did not give every key (a question that is "
                     "not single-answer?): choose another seed")
        return [keys[i] for i in range(1, total + 1)]

    def sit(self, learner, profile, seed, wrong):
        keys = self.keys(learner, profile, seed)
        n = len(keys)
        bad = {i * n // wrong for i in range(wrong)} if wrong else set()
        answers = [("b" if k == "a" else "a") if i in bad else k for i, k in enumerate(keys)]
        out = self.run(["take", "--learner", learner, "--profile", profile, "--seed", str(seed)], "\n".join(answers) + "\ns\n")
        m = re.search(r"Result: (PASS|FAIL)\s+(\S+) of (\S+) marks", out)
        if not m or float(m.group(2)) != n - wrong:
            sys.exit(f"{learner} {profile} seed {seed}: expected {n - wrong} of {n}, got:\n{out[-800:]}")
        print(f"{learner:4} {profile:18} seed {seed:3}: {m.group(1)} {m.group(2)} of {m.group(3)}")

    def study(self, learner, profile, seed):
        self.run(["take", "--learner", learner, "--profile", profile, "--mode", "study", "--seed", str(seed)], "a\nn\n" * 60 + "s\n")

    def drill(self, learner, seed):
        self.run(["take", "--learner", learner, "--mode", "drill", "--levels", "foundation", "--count", "10", "--seed", str(seed)],
                 "a\nn\n" * 12 + "s\n")

    def attempts(self, learner):
        return json.loads(self.run(["history", "--learner", learner, "--json"]))["attempts"]


def simulate_times(db):
    """Spreads the attempts over days from 2026-09-01 09:00 UTC and gives each answer a plausible time."""
    start = 1788253200  # 2026-09-01T09:00:00Z
    rows = db.execute("SELECT rowid, id FROM attempts ORDER BY rowid").fetchall()
    for k, (rowid, attempt) in enumerate(rows):
        started = start + k * 3 * 86400 + (k % 4) * 3600
        clock = started
        used = 0
        items = db.execute("SELECT position FROM attempt_items WHERE attempt_id = ? ORDER BY position", (attempt,)).fetchall()
        for (position,) in items:
            spent = 40_000 + (position * 7919 + k * 104729) % 60_000
            used += spent
            clock = started + used // 1000
            db.execute("UPDATE responses SET time_ms = ?, answered_at = ? WHERE attempt_id = ? AND position = ?",
                       (spent, clock, attempt, position))
        db.execute("UPDATE attempts SET started_at = ?, finished_at = ?, elapsed_ms = ? WHERE id = ?",
                   (started, started + used // 1000, used, attempt))
    db.execute("UPDATE learners SET created_at = ?", (start - 86400,))


def simulate_regrade(db):
    """Regrades one wrong answer of Ann's first Foundation pass to full marks (SIMULATED: the shipped keys
    are right, so the script appends the adjustment record a regrade would, as examsim-cli regrade writes
    it), so that the score report, the record and the xAPI statements show a regraded attempt."""
    attempt, score, max_score, pass_mark, finished = db.execute(
        "SELECT a.id, a.score, a.max_score, a.pass_mark_percent, a.finished_at FROM attempts a JOIN learners l ON "
        "l.id = a.learner_id WHERE l.name = 'Ann' AND a.profile_id = 'foundation' AND a.mode = 'exam' AND a.passed "
        "ORDER BY a.started_at LIMIT 1").fetchone()
    position, question, marks = db.execute(
        "SELECT r.position, r.question_id, i.marks FROM responses r JOIN (SELECT attempt_id, position, "
        "json_extract(s.json, '$.marks') AS marks FROM attempt_items t JOIN question_snapshots s ON s.hash = "
        "t.snapshot_hash) i ON i.attempt_id = r.attempt_id AND i.position = r.position WHERE r.attempt_id = ? AND "
        "r.correct = 0 ORDER BY r.position LIMIT 1", (attempt,)).fetchone()
    marks = marks or 1
    new_score = score + marks
    db.execute("INSERT INTO adjustments(attempt_id, created_at, reason, delta, question_id, position, old_earned, "
               "new_earned, old_passed, new_passed, key_hash, new_score, new_percent) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1, "
               "?, NULL, ?, ?)",
               (attempt, finished + 5 * 86400, f"SIMULATED for the examples: key of {question} corrected", marks,
                question, position, marks, int(new_score * 100 >= pass_mark * max_score - 1e-9), new_score,
                100.0 * new_score / max_score))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=str(ROOT / "build" / "examsim-cli"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "examples"))
    ap.add_argument("--keep-db", help="also keep the sample database here")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        s = Sampler(args.cli, work / "sample.db", work)
        # Ann: a fail, a pass, a bridge pass (no credit), a repeated pass (no more credit), study, a drill,
        # an Auditor pass.
        s.sit("Ann", "foundation", 11, 16)
        s.sit("Ann", "foundation", 12, 8)
        s.sit("Ann", "foundation-bridge", 13, 3)
        s.sit("Ann", "foundation", 14, 2)
        s.study("Ann", "foundation", 15)
        s.drill("Ann", 16)
        s.sit("Ann", "auditor", 17, 14)
        s.sit("Bo", "foundation", 21, 12)
        s.sit("Cy", "foundation", 31, 20)
        s.sit("Dee", "foundation-bridge", 41, 5)
        with sqlite3.connect(work / "sample.db") as db:
            db.execute("UPDATE learners SET team = 'Service desk' WHERE name IN ('Ann', 'Bo')")
            db.execute("UPDATE learners SET team = 'Operations' WHERE name IN ('Cy', 'Dee')")
            simulate_times(db)
            simulate_regrade(db)
        ann = s.attempts("Ann")
        passed = next(a for a in reversed(ann) if a["profile"] == "foundation" and a["passed"])
        # Outputs named by what they are; a fixed IRI base so the xAPI file reads as a real one would.
        for fmt in ("html", "json", "csv"):
            s.run(["report", "--attempt", passed["id"], "--format", fmt, "--out", str(out / f"score-report.{fmt}")])
        for fmt in ("html", "json"):
            s.run(["record", "--learner", "Ann", "--format", fmt, "--out", str(out / f"competency-record.{fmt}")])
        for fmt in ("html", "csv", "json"):
            s.run(["team", "--format", fmt, "--out", str(out / f"team.{fmt}")])
        # Dee's one short paper keeps these two files small enough to read.
        s.run(["xapi", "--learner", "Dee", "--homepage", "https://lms.example.org", "--iri-base", "https://lms.example.org/examsim",
               "--out", str(out / "xapi-statements.json")])
        s.run(["export", "--learner", "Dee", "--out", str(out / "records-bundle.json")])
        if args.keep_db:
            shutil.copy(work / "sample.db", args.keep_db)
    print(f"wrote the examples to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
