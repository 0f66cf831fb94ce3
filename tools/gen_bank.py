#!/usr/bin/env python3
"""Generates a large, valid question bank for benchmarks: QUESTIONS questions (default 10,000, about
30 MB) of every item type, with their own topics and case studies, laid out as the shipped banks are
(2-space indentation, non-ASCII characters as \\u escapes). Deterministic for a given seed. Never commit
the output: tools/bench.sh writes it into build/bench-data/.

Usage: tools/gen_bank.py OUT.json [--questions 10000] [--seed 20000]
"""
import argparse
import json
import random
import sys
from pathlib import Path

WORDS = (
    "service management system organization customer supplier incident problem change release deployment "
    "configuration capacity availability continuity security budget accounting relationship level agreement "
    "catalogue request fulfilment known error workaround policy objective plan audit review improvement "
    "nonconformity corrective action top management leadership competence awareness communication documented "
    "information risk opportunity scope interested party requirement performance evaluation monitoring "
    "measurement analysis internal external certification surveillance evidence finding sample record "
    "procedure process owner role responsibility authority resource design transition acceptance criteria"
).split()
TYPES = ["single", "multiple", "true_false", "matching", "sequencing", "assertion_reason"]
LEVELS = ["foundation", "practitioner", "auditor"]
COGNITIVE = ["knowledge", "comprehension", "application", "analysis"]


def sentence(rnd: random.Random, lo: int, hi: int) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(lo, hi))]
    text = " ".join(words)
    if rnd.random() < 0.3:  # the shipped banks quote and abbreviate with typographic characters
        text = text.replace(" ", "\u2019s ", 1)
    if rnd.random() < 0.1:
        text += " \u2013 see clause " + f"{rnd.randint(4, 10)}.{rnd.randint(1, 7)}"
    return text[0].upper() + text[1:] + "."


def distinct_sentences(rnd: random.Random, n: int, lo: int, hi: int) -> list:
    out, seen = [], set()
    while len(out) < n:
        s = sentence(rnd, lo, hi)
        key = " ".join(s.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def choices(rnd: random.Random, ids: list, lo: int = 6, hi: int = 14) -> list:
    texts = distinct_sentences(rnd, len(ids), lo, hi)
    return [{"id": i, "text": t, "rationale": sentence(rnd, 10, 20)} for i, t in zip(ids, texts)]


def question(rnd: random.Random, n: int, qtype: str, topics: list, cases: list) -> dict:
    level = LEVELS[n % 3]
    q = {"id": f"GEN-{n:05d}", "status": "ready" if n % 50 else "draft", "level": level, "type": qtype,
         "stem": sentence(rnd, 25, 50)}
    if qtype == "single":
        ids = list("abcd")
        q["options"] = choices(rnd, ids)
        q["key"] = rnd.choice(ids)
    elif qtype == "multiple":
        ids = list("abcde")
        q["options"] = choices(rnd, ids)
        q["key"] = sorted(rnd.sample(ids, 2))
        q["partial_marks"] = True
        q["marks"] = 2
    elif qtype == "true_false":
        q["key"] = rnd.random() < 0.5
    elif qtype == "matching":
        pids, oids = ["1", "2", "3", "4"], list("abcd")
        q["premises"] = choices(rnd, pids)
        q["options"] = choices(rnd, oids)
        shuffled = oids[:]
        rnd.shuffle(shuffled)
        q["key"] = dict(zip(pids, shuffled))
        q["marks"] = 4
        q["partial_marks"] = True
    elif qtype == "sequencing":
        ids = list("abcde")
        q["items"] = choices(rnd, ids)
        order = ids[:]
        rnd.shuffle(order)
        q["key"] = order
        q["marks"] = 3
    else:
        q["assertion"] = sentence(rnd, 15, 30)
        q["reason"] = sentence(rnd, 15, 30)
        q["key"] = rnd.choice("abcde")
        q["marks"] = 2
    q["explanation"] = " ".join(sentence(rnd, 15, 30) for _ in range(rnd.randint(2, 5)))
    q["references"] = [{"part": "1", "edition": 2018, "clause": f"{rnd.randint(4, 10)}.{rnd.randint(1, 7)}"}
                       for _ in range(rnd.randint(1, 2))]
    if rnd.random() < 0.3:
        q["references"][0]["note"] = sentence(rnd, 4, 10)
    topic = rnd.choice(topics)
    q["topic"] = topic
    if rnd.random() < 0.4:
        q["secondary_topics"] = [t for t in rnd.sample(topics, 2) if t != topic]
    q["difficulty"] = rnd.randint(1, 3)
    q["cognitive_level"] = rnd.choice(COGNITIVE)
    if level == "practitioner" and rnd.random() < 0.5:
        q["case_study"] = rnd.choice(cases)
    if rnd.random() < 0.1:
        q["itil"] = {"version": rnd.choice(["v3", "2011", "4"]), "name": sentence(rnd, 2, 5)}
    if rnd.random() < 0.3:
        q["tags"] = [rnd.choice(WORDS) for _ in range(rnd.randint(1, 3))]
    return q


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--questions", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20000)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    topics = [{"id": f"gen-topic-{i:02d}", "title": sentence(rnd, 3, 6), "part": "1", "clause": f"{4 + i % 7}.{i % 5 + 1}"}
              for i in range(60)]
    for i, t in enumerate(topics):
        if i >= 10:
            t["parent"] = topics[i % 10]["id"]
    topic_ids = [t["id"] for t in topics]
    cases = [{"id": f"GEN-CS{i:03d}", "title": sentence(rnd, 4, 8), "level": "practitioner",
              "theme": rnd.choice(topic_ids), "text": "\n\n".join(sentence(rnd, 40, 80) for _ in range(4))}
             for i in range(max(1, args.questions // 50))]
    case_ids = [c["id"] for c in cases]
    bank = {
        "format": "examsim-bank",
        "format_version": 1,
        "bank": {
            "id": "generated-benchmark",
            "title": f"Generated benchmark bank ({args.questions} questions)",
            "version": "1.0.0",
            "language": "en-GB",
            "license": "CC0-1.0",
            "authors": ["tools/gen_bank.py"],
            "standard": {"name": "ISO/IEC 20000", "part": "1", "edition": 2018},
            "description": "Generated for benchmarks; not exam content.",
        },
        "topics": topics,
        "case_studies": cases,
        "questions": [question(rnd, n, TYPES[n % len(TYPES)], topic_ids, case_ids) for n in range(args.questions)],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(bank, indent=2) + "\n", encoding="utf-8")
    print(f"{out}: {args.questions} questions, {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
