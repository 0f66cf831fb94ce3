// Issue 9: the rating of answers, memory states replayed from stored answers, due selection and
// forecast, the key-change reset, the Due session and calibration. Every "now" is fixed.
#include "adaptive_fixture.hpp"
#include "core/adaptive.hpp"
#include "core/adaptive_store.hpp"
#include "core/session.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;
using examsim::test::kDaySeconds;
using examsim::test::kT0;
using examsim::test::StudyDb;

namespace {
ReviewRecord rec(const std::string& id, bool correct, std::int64_t at, std::int64_t timeMs = 20'000,
                 const std::string& type = "single") {
    ReviewRecord r;
    r.questionId = id;
    r.topic = "ta";
    r.level = "foundation";
    r.type = type;
    r.snapshotHash = "h-" + id;
    r.correct = correct;
    r.timeMs = timeMs;
    r.answeredAt = at;
    return r;
}

ReplayOptions noFuzz(std::int64_t now) {
    ReplayOptions o;
    o.fsrs.fuzz = false;
    o.learnerId = "learner-1";
    o.now = now;
    return o;
}

const CardState* find(const std::vector<CardState>& cards, const std::string& id) {
    for (const auto& c : cards)
        if (c.questionId == id) return &c;
    return nullptr;
}

std::vector<std::string> ids(const Paper& p) {
    std::vector<std::string> out;
    for (const auto& i : p.items) out.push_back(i.question.id);
    return out;
}
} // namespace

TEST_CASE("adaptive: the rating mapping table") {
    const std::int64_t fast = 15'000;
    // correct, flagged, confidence, time -> rating
    CHECK(ratingFor(false, false, -1, 20'000, fast) == Rating::Again);
    CHECK(ratingFor(false, false, 1, 1'000, fast) == Rating::Again); // wrong, however sure and fast
    CHECK(ratingFor(false, true, 0, 20'000, fast) == Rating::Again);
    CHECK(ratingFor(true, true, -1, 20'000, fast) == Rating::Hard); // right but flagged
    CHECK(ratingFor(true, false, 0, 20'000, fast) == Rating::Hard); // right but unsure
    CHECK(ratingFor(true, true, 1, 1'000, fast) == Rating::Hard);   // flagged beats sure and fast
    CHECK(ratingFor(true, false, -1, 20'000, fast) == Rating::Good);
    CHECK(ratingFor(true, false, -1, 1'000, fast) == Rating::Good); // fast but not marked sure
    CHECK(ratingFor(true, false, 1, 20'000, fast) == Rating::Good); // sure but not fast
    CHECK(ratingFor(true, false, 1, 15'000, fast) == Rating::Good); // "under" the threshold, not at it
    CHECK(ratingFor(true, false, 1, 14'999, fast) == Rating::Easy); // right, sure and fast
    CHECK(ratingFor(true, false, 1, 0, fast) == Rating::Good);      // no time recorded: not fast
}

TEST_CASE("adaptive: fast is half the learner's median time per question type") {
    std::vector<ReviewRecord> records;
    for (int s : {10, 20, 30, 40, 50, 60}) records.push_back(rec("S", true, kT0, s * 1000)); // median 35 s
    for (int s : {10, 20, 30, 40}) records.push_back(rec("M", true, kT0, s * 1000, "multiple")); // too few
    const auto fast = fastThresholds(records);
    CHECK(fast.at("single") == 17'500);
    CHECK(fast.at("multiple") == kDefaultFastMs);
}

TEST_CASE("adaptive: replaying answers gives the FSRS states and due dates") {
    // Q1: Good at T0 (S 2.3065, 2 days), Good two days later (S 10.96433234, 11 days: due T0 + 13 d).
    // Q2: Again at T0 (S 0.212, 1 day).
    const std::vector<ReviewRecord> records = {rec("Q2", false, kT0), rec("Q1", true, kT0 + 2 * kDaySeconds),
                                               rec("Q1", true, kT0)};
    const std::int64_t now = kT0 + 5 * kDaySeconds;
    const auto cards = replayCards(records, noFuzz(now), {}, {});
    REQUIRE(cards.size() == 2);
    const CardState* q1 = find(cards, "Q1");
    const CardState* q2 = find(cards, "Q2");
    REQUIRE(q1);
    REQUIRE(q2);
    CHECK(q1->reviews == 2);
    CHECK(q1->memory.stability == doctest::Approx(10.96433234).epsilon(1e-8));
    CHECK(q1->intervalDays == 11);
    CHECK(q1->dueAt == kT0 + 13 * kDaySeconds);
    CHECK_FALSE(q1->due);
    CHECK(q2->lastRating == Rating::Again);
    CHECK(q2->dueAt == kT0 + kDaySeconds);
    CHECK(q2->due);
    // R after 5 whole days at S 0.212: (1 + 0.98034649 * 5 / 0.212)^-0.1542 = 0.6121158
    CHECK(q2->retrievability == doctest::Approx(Fsrs().retrievability({0.212, 6.4133}, 5)));
    CHECK(q2->retrievability == doctest::Approx(0.6121158).epsilon(1e-6));

    // With fuzz, the same answers always give the same dates, within the reference fuzz range.
    std::vector<ReviewRecord> many;
    for (int i = 0; i < 6; ++i) many.push_back(rec("Q3", true, kT0 + i * 40 * kDaySeconds));
    ReplayOptions fuzzed = noFuzz(now);
    fuzzed.fsrs.fuzz = true;
    const auto a = replayCards(many, fuzzed, {}, {});
    const auto b = replayCards(many, fuzzed, {}, {});
    const auto plain = replayCards(many, noFuzz(now), {}, {});
    CHECK(a[0].dueAt == b[0].dueAt);
    const auto [lo, hi] = Fsrs().fuzzRange(plain[0].intervalDays);
    CHECK(a[0].intervalDays >= lo);
    CHECK(a[0].intervalDays <= hi);
}

TEST_CASE("adaptive: due questions come lowest retrievability first and the forecast counts by day") {
    const std::int64_t now = kT0;
    auto card = [&](const std::string& id, std::int64_t dueAt, double r,
                    const std::string& level = "foundation") {
        CardState c;
        c.questionId = id;
        c.dueAt = dueAt;
        c.retrievability = r;
        c.level = level;
        return c;
    };
    const std::vector<CardState> cards = {
        card("C", now, 0.7),                                // due now
        card("E", now + kDaySeconds, 0.95),                 // day 1: (now, now + 1 d]
        card("A", now - 3 * kDaySeconds, 0.5),              // overdue, lowest recall
        card("F", now + kDaySeconds + 1, 0.95),             // day 2
        card("B", now - kDaySeconds, 0.7),                  // same recall as C, due longer: first
        card("D", now + 3600, 0.97),                        // day 1
        card("G", now + 20 * kDaySeconds, 0.99, "auditor"), // beyond 14 days
    };
    const auto due = dueCards(cards, now);
    REQUIRE(due.size() == 3);
    CHECK(due[0].questionId == "A");
    CHECK(due[1].questionId == "B");
    CHECK(due[2].questionId == "C");
    const auto f = dueForecast(cards, now);
    CHECK(f.total == 7);
    CHECK(f.dueNow == 3);
    REQUIRE(f.byDay.size() == 14);
    CHECK(f.byDay[0] == 2);
    CHECK(f.byDay[1] == 1);
    int later = 0;
    for (std::size_t k = 2; k < 14; ++k) later += f.byDay[k];
    CHECK(later == 0);
    CHECK(dueForecast(cards, now, 14, "foundation").total == 6);
    CHECK(dueForecast(cards, now, 30, "auditor").byDay[19] == 1);
}

TEST_CASE("adaptive: what counts as a key change") {
    const auto banks = BankSet::load({examsim::test::sourceDir() / "tests/data/valid-bank.json"});
    const Question original = *banks.question("T-001");
    Question q = original;
    q.explanation = "A better explanation.";
    q.options[1].rationale = "Reworded.";
    q.references.clear();
    q.difficulty = 3;
    q.tags = {"edited"};
    CHECK(keyFingerprint(q) == keyFingerprint(original));
    Question key = original;
    key.keyIds = {"b"};
    CHECK(keyFingerprint(key) != keyFingerprint(original));
    Question option = original;
    option.options[2].text = "8.6.4";
    CHECK(keyFingerprint(option) != keyFingerprint(original));
    Question stem = original;
    stem.stem += " (2018 edition)";
    CHECK(keyFingerprint(stem) != keyFingerprint(original));
}

TEST_CASE(
    "adaptive: a question whose key a trainer changes restarts from its first answer after the change") {
    StudyDb db(examsim::test::adaptiveBankJson({"ta"}, 3));
    db.answer("ta-1", true, kT0);
    db.answer("ta-1", true, kT0 + 3 * kDaySeconds);
    db.answer("ta-2", true, kT0);
    const std::int64_t now = kT0 + 4 * kDaySeconds;
    auto cards = learnerCards(*db.store, db.banks, db.learner.id, now);
    REQUIRE(find(cards, "ta-1"));
    CHECK(find(cards, "ta-1")->reviews == 2);

    // The trainer changes ta-1's key: its state is gone; ta-2 keeps its own.
    db.reloadBanks(examsim::test::adaptiveBankJson({"ta"}, 3, "foundation", "b"));
    cards = learnerCards(*db.store, db.banks, db.learner.id, now);
    CHECK(find(cards, "ta-1") == nullptr);
    REQUIRE(find(cards, "ta-2"));
    CHECK(find(cards, "ta-2")->reviews == 1);

    // The first answer after the change starts it again, as a first answer.
    db.answer("ta-1", true, kT0 + 5 * kDaySeconds);
    cards = learnerCards(*db.store, db.banks, db.learner.id, kT0 + 5 * kDaySeconds);
    REQUIRE(find(cards, "ta-1"));
    CHECK(find(cards, "ta-1")->reviews == 1);
    CHECK(find(cards, "ta-1")->memory.stability == doctest::Approx(2.3065));
    // Another learner who saw it is reset just the same (replay is per learner, the rule is the same).
}

TEST_CASE("adaptive: the due session serves due questions first then new ones from weak topics") {
    StudyDb db(examsim::test::adaptiveBankJson({"ta", "tb", "tc"}, 4));
    db.answer("ta-1", false, kT0);
    db.answer("ta-2", true, kT0);
    db.answer("tb-1", true, kT0);
    db.answer("tb-2", false, kT0);
    db.answer("tb-3", false, kT0);
    db.answer("tc-1", true, kT0);
    db.answer("tc-2", true, kT0);
    DueSessionSpec spec;
    spec.count = 9;
    spec.seed = 4;
    spec.now = kT0 + 10 * kDaySeconds;
    auto built = buildDueSession(*db.store, db.banks, db.learner.id, spec);
    REQUIRE(std::holds_alternative<DueSession>(built));
    const auto& s = std::get<DueSession>(built);
    CHECK(s.dueCount == 7);
    const auto got = ids(s.paper);
    REQUIRE(got.size() == 9);
    // Wrong answers (stability 0.212) have the lowest recall; ties in id order.
    CHECK(std::vector<std::string>(got.begin(), got.begin() + 7) ==
          std::vector<std::string>{"ta-1", "tb-2", "tb-3", "ta-2", "tb-1", "tc-1", "tc-2"});
    // New questions: the weakest topic first (tb: 1 of 3 right), then ta (1 of 2).
    CHECK(got[7] == "tb-4");
    CHECK((got[8] == "ta-3" || got[8] == "ta-4"));
    CHECK(s.paper.profileId == "due");

    spec.count = 2;
    CHECK(ids(std::get<DueSession>(buildDueSession(*db.store, db.banks, db.learner.id, spec)).paper) ==
          std::vector<std::string>{"ta-1", "tb-2"});

    spec.level = Level::Auditor;
    auto none = buildDueSession(*db.store, db.banks, db.learner.id, spec);
    REQUIRE(std::holds_alternative<AssemblyError>(none));
    CHECK(std::get<AssemblyError>(none).message == "there are no ready auditor questions in the banks");
}

TEST_CASE("adaptive: a due session with nothing due and nothing new says so") {
    StudyDb db(examsim::test::adaptiveBankJson({"ta"}, 1));
    db.answer("ta-1", true, kT0);
    DueSessionSpec spec;
    spec.now = kT0 + 3600;
    auto built = buildDueSession(*db.store, db.banks, db.learner.id, spec);
    REQUIRE(std::holds_alternative<AssemblyError>(built));
    CHECK(std::get<AssemblyError>(built).message ==
          "nothing to study at the foundation level now: no question is due and every foundation question "
          "has been answered (run "
          "examsim-cli due to see when the next ones fall due)");
}

TEST_CASE("adaptive: calibration per confidence level from stored answers") {
    StudyDb db(examsim::test::adaptiveBankJson({"ta"}, 9));
    // sure: 3 of 4 right; unsure: 1 of 3; not given: 2 of 2.
    db.answer("ta-1", true, kT0, 1);
    db.answer("ta-2", true, kT0, 1);
    db.answer("ta-3", true, kT0, 1);
    db.answer("ta-4", false, kT0, 1);
    db.answer("ta-5", true, kT0, 0);
    db.answer("ta-6", false, kT0, 0);
    db.answer("ta-7", false, kT0, 0);
    db.answer("ta-8", true, kT0);
    db.answer("ta-9", true, kT0);
    const auto rows = calibrationOf(db.store->reviewRecords(db.learner.id));
    REQUIRE(rows.size() == 3);
    CHECK(confidenceName(rows[0].confidence) == "sure");
    CHECK(rows[0].answers == 4);
    CHECK(rows[0].correct == 3);
    CHECK(rows[0].share() == doctest::Approx(0.75));
    CHECK(confidenceName(rows[1].confidence) == "unsure");
    CHECK(rows[1].answers == 3);
    CHECK(rows[1].correct == 1);
    CHECK(confidenceName(rows[2].confidence) == "not given");
    CHECK(rows[2].answers == 2);
    CHECK(rows[2].share() == doctest::Approx(1.0));
}

TEST_CASE("adaptive: stored answers carry what the rating needs") {
    StudyDb db(examsim::test::adaptiveBankJson({"ta"}, 2));
    db.answer("ta-2", false, kT0 + 10, 0, true, 7'000);
    db.answer("ta-1", true, kT0, 1, false, 3'000);
    const auto records = db.store->reviewRecords(db.learner.id);
    REQUIRE(records.size() == 2);
    CHECK(records[0].questionId == "ta-1"); // answered_at order
    CHECK(records[0].level == "foundation");
    CHECK(records[0].type == "single");
    CHECK(records[0].topic == "ta");
    CHECK(records[0].confidence == 1);
    CHECK(records[0].timeMs == 3'000);
    CHECK(records[1].flagged);
    CHECK_FALSE(records[1].correct);
    CHECK(db.store->snapshotFingerprints(db.learner.id).at(records[0].snapshotHash) ==
          keyFingerprint(*db.banks.question("ta-1")));
}

TEST_CASE(
    "adaptive: confidence is given before the answer is checked in study mode and any time in exam mode") {
    StudyDb db(examsim::test::adaptiveBankJson({"ta"}, 2));
    Paper paper;
    for (const char* id : {"ta-1", "ta-2"})
        paper.items.push_back(paperItemFor(db.banks, *db.banks.question(id), 1));
    FakeClock clock;
    SessionConfig study;
    study.mode = Mode::Study;
    ExamSession s(paper, study, clock);
    CHECK(s.setConfidence(0, 0));
    CHECK(s.setConfidence(0, 1)); // changed before answering
    s.answer(keyAnswer(paper.items[0].question));
    CHECK(s.state(0).confidence == 1);
    CHECK_FALSE(s.setConfidence(0, 0)); // locked with the feedback shown
    CHECK(s.state(0).confidence == 1);
    CHECK_FALSE(s.setConfidence(1, 2)); // not a confidence level
    CHECK_FALSE(s.setConfidence(5, 1)); // no such question

    SessionConfig exam;
    exam.mode = Mode::Exam;
    ExamSession e(paper, exam, clock);
    e.answer(keyAnswer(paper.items[0].question));
    CHECK(e.setConfidence(0, 0));
    e.submit();
    CHECK_FALSE(e.setConfidence(0, 1)); // finished
    CHECK(e.state(0).confidence == 0);
}

TEST_CASE("cli: a due session with nothing to study exits with the reason") {
    StudyDb db(examsim::test::adaptiveBankJson({"ta"}, 1));
    db.answer("ta-1", true, 4'000'000'000); // answered far in the future: not due by any real clock
    const auto r = examsim::test::run(examsim::test::shellQuote(EXAMSIM_CLI_PATH) + " --banks " +
                                      examsim::test::shellQuote(db.bankDir().string()) + " --db " +
                                      examsim::test::shellQuote(db.dbPath().string()) +
                                      " take --learner Ann --mode due < /dev/null");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find("examsim-cli: nothing to study at the foundation level now") != std::string::npos);
}
