// Issue 7 joined with issues 8 and 9: records bundles version 2 (adjustments in full, errata) and
// version-1 bundles, regrades in score reports, the credit ledger, competency records and xAPI, and
// readiness and the due forecast in competency records.
#include "core/adaptive_store.hpp"
#include "core/question_json.hpp"
#include "core/records/records_bundle.hpp"
#include "core/records/xapi.hpp"
#include "core/regrade.hpp"
#include "core/report/competency_record.hpp"
#include "core/report/score_report.hpp"
#include "report_fixture.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <functional>
#include <nlohmann/json.hpp>

using namespace examsim::core;
using namespace examsim::test;
using nlohmann::json;

namespace {

// The key of T-002 (2 marks) "corrected" to the options the wrong answers chose: every answer that was
// wrong earns 2, every one that was right earns 0.
Question flippedT002() {
    Question q = *fixtureBankSet().question("T-002");
    q.keyIds = wrongAnswer(q).selected;
    return q;
}

Question flippedT003() {
    Question q = *fixtureBankSet().question("T-003");
    q.keyTrue = !q.keyTrue;
    return q;
}

int regrade(ProgressStore& store, const Question& q) {
    const RegradePlan plan = planRegrade(store, q);
    applyRegrade(store, plan);
    return static_cast<int>(plan.changes.size());
}

std::vector<MergedSource> mustMerge(ProgressStore& store, const std::vector<std::filesystem::path>& files) {
    auto r = mergeRecordFiles(store, files);
    if (auto* e = std::get_if<BundleError>(&r)) FAIL(e->message);
    return std::get<std::vector<MergedSource>>(r);
}

int rows(const ProgressStore& store, const char* table) {
    SQLite::Database d(store.path().string());
    return d.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt();
}

std::size_t positionOf(const ProgressStore& store, const std::string& attemptId, const std::string& questionId) {
    const Paper p = store.loadPaper(attemptId);
    for (std::size_t i = 0; i < p.items.size(); ++i)
        if (p.items[i].question.id == questionId) return i;
    FAIL("no " << questionId << " in " << attemptId);
    return 0;
}

} // namespace

TEST_CASE("bundle v2: adjustments carry every column and errata travel - merging twice adds nothing") {
    TwoLearners t;
    REQUIRE(regrade(*t.store, flippedT002()) == 5); // Ann's four attempts and Bo's
    Erratum e;
    e.learnerId = t.ann.id;
    e.questionId = "T-002";
    e.attemptId = t.annAttempts[0];
    e.position = positionOf(*t.store, t.annAttempts[0], "T-002");
    e.kind = ErratumKind::KeyWrong;
    e.text = "B and C are right";
    e.createdAt = 1'800'400'000;
    const std::int64_t erratumId = t.store->addErratum(e);

    const RecordSet records = t.store->exportRecords({t.ann.id});
    REQUIRE(records[kAdjustmentsTable].rows.size() == 4);
    REQUIRE(records[kErrataTable].rows.size() == 1);
    const auto bundle = t.dir.write("ann.json", writeRecordsBundle(records, 1'900'000'000));
    const json j = json::parse(readFile(bundle));
    CHECK(j["version"] == 2);
    json adj;
    for (const auto& a : j["adjustments"])
        if (a["attempt_id"] == t.annAttempts[0]) adj = a;
    CHECK(adj["attempt_id"] == t.annAttempts[0]);
    CHECK(adj["question_id"] == "T-002");
    CHECK(adj["position"] == *e.position);
    CHECK(adj["old_earned"] == 0.0);
    CHECK(adj["new_earned"] == 2.0);
    CHECK(adj["delta"] == 2.0);
    CHECK(adj["old_passed"] == 0);
    CHECK(adj["new_passed"] == 1);
    CHECK(adj["new_score"] == 3.0);
    CHECK(adj["new_percent"] == 75.0);
    CHECK(adj["key_hash"] == sha256Hex(questionToCanonicalJson(flippedT002())));
    CHECK(j["errata"][0]["kind"] == "key-wrong");
    CHECK(j["errata"][0]["text"] == "B and C are right");
    CHECK(j["errata"][0]["attempt_id"] == t.annAttempts[0]);
    CHECK(j["errata"][0]["resolved_at"].is_null());

    TempDir other;
    auto trainer = openStore(other.path() / "trainer.db");
    auto first = mustMerge(*trainer, {bundle});
    CHECK(first[0].counts.adjustments == 4);
    CHECK(first[0].counts.errata == 1);
    // The trainer reads Ann's results exactly as Ann's database does.
    const auto mine = t.store->history(t.ann.id), theirs = trainer->history(t.ann.id);
    REQUIRE(theirs.size() == mine.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
        CHECK(theirs[i].score == mine[i].score);
        CHECK(theirs[i].percent == mine[i].percent);
        CHECK(theirs[i].passed == mine[i].passed);
        CHECK(theirs[i].credits == mine[i].credits);
    }
    const auto failed = trainer->attempt(t.annAttempts[0]);
    CHECK(failed->score == 3);
    CHECK(failed->passed);
    CHECK(failed->storedScore == 1);
    CHECK(trainer->errata().size() == 1);
    CHECK(trainer->errata()[0].attemptId == t.annAttempts[0]);

    auto second = mustMerge(*trainer, {bundle});
    CHECK(second[0].counts.adjustments == 0);
    CHECK(second[0].counts.errata == 0);
    CHECK(rows(*trainer, "adjustments") == 4);
    CHECK(rows(*trainer, "errata") == 1);
    // Round trip: the trainer's records of Ann are Ann's, column by column.
    const RecordSet back = trainer->exportRecords({t.ann.id});
    for (std::size_t i = 0; i < kRecordTableCount; ++i) CHECK(back.tables[i].rows == records.tables[i].rows);

    // A resolution made where the report is moves forward on the next merge; an open one never reopens.
    REQUIRE(t.store->resolveErratum(erratumId, "key corrected in bank 1.1"));
    const auto later = t.dir.write("later.json", writeRecordsBundle(t.store->exportRecords({t.ann.id})));
    auto third = mustMerge(*trainer, {later});
    CHECK(third[0].counts.errata == 0);
    CHECK(third[0].counts.errataResolved == 1);
    CHECK(trainer->errata()[0].resolution == "key corrected in bank 1.1");
    CHECK(mustMerge(*trainer, {bundle})[0].counts.errataResolved == 0);
    CHECK(trainer->errata(false).empty());
}

TEST_CASE("bundle v1: delta-only adjustments merge and the adjusted result is computed on arrival") {
    TwoLearners t;
    json j = json::parse(writeRecordsBundle(t.store->exportRecords({t.ann.id}), 1'900'000'000));
    j["version"] = 1;
    j.erase("errata");
    // Two regrades as version 1 wrote them: +2 then -1 on the failed 1/4 (pass mark 50 % of 4 marks).
    for (const double delta : {2.0, -1.0})
        j["adjustments"].push_back({{"attempt_id", t.annAttempts[0]},
                                    {"created_at", delta > 0 ? 1'800'500'000 : 1'800'600'000},
                                    {"reason", "key corrected"},
                                    {"delta", delta}});
    const auto bundle = t.dir.write("v1.json", j.dump());
    TempDir other;
    auto trainer = openStore(other.path() / "trainer.db");
    CHECK(mustMerge(*trainer, {bundle})[0].counts.adjustments == 2);
    const auto a = trainer->attempt(t.annAttempts[0]);
    CHECK(a->score == 2); // 1 + 2 - 1
    CHECK(a->percent == 50);
    CHECK(a->passed);
    CHECK(a->credits == 1);
    CHECK(a->storedScore == 1);
    const auto adjustments = trainer->adjustments(t.annAttempts[0]);
    REQUIRE(adjustments.size() == 2);
    CHECK(adjustments[0].newScore == 3);
    CHECK(adjustments[0].newPercent == 75);
    CHECK(adjustments[0].newPassed);
    CHECK_FALSE(adjustments[0].oldPassed);
    CHECK(adjustments[0].questionId.empty());
    CHECK(adjustments[1].newScore == 2);
    CHECK(adjustments[1].oldPassed);
    // The roll-ups agree: the failed attempt is now the first pass.
    const auto summaries = trainer->profileSummaries(t.ann.id);
    REQUIRE(summaries.size() == 1);
    CHECK(summaries[0].firstPassAt == 1'800'000'000 + 754);
    CHECK(mustMerge(*trainer, {bundle})[0].counts.adjustments == 0);
    CHECK(trainer->attempt(t.annAttempts[0])->score == 2);

    // A version-1 bundle's extra members and arrays of version 2 are not read; bad version-2 records are
    // refused with their place.
    const auto refusal = [&](const std::function<void(json&)>& edit) {
        json k = json::parse(writeRecordsBundle(t.store->exportRecords({t.ann.id}), 1'900'000'000));
        edit(k);
        const auto r = readRecordsBundle(k.dump(), "b.json");
        REQUIRE(std::holds_alternative<BundleError>(r));
        return std::get<BundleError>(r).message;
    };
    CHECK(refusal([](json& k) { k.erase("errata"); }) == "b.json: \"errata\" is missing or not an array");
    const json adjustment{{"attempt_id", t.annAttempts[0]},
                          {"created_at", 1},
                          {"reason", "r"},
                          {"delta", 1},
                          {"question_id", "T-002"},
                          {"position", 7},
                          {"old_earned", 0},
                          {"new_earned", 1},
                          {"old_passed", 0},
                          {"new_passed", 1},
                          {"key_hash", nullptr},
                          {"new_score", 2},
                          {"new_percent", 50}};
    CHECK(refusal([&](json& k) {
              k["adjustments"].push_back(adjustment);
              k["adjustments"][0].erase("key_hash");
          }) == "b.json: /adjustments/0 has no \"key_hash\"");
    CHECK(refusal([&](json& k) { k["adjustments"].push_back(adjustment); }) ==
          "b.json: /adjustments/0: attempt \"" + t.annAttempts[0] + "\" has no question at position 7");
    const std::size_t p1 = positionOf(*t.store, t.annAttempts[0], "T-001");
    CHECK(refusal([&](json& k) {
              k["adjustments"].push_back(adjustment);
              k["adjustments"][0]["position"] = p1;
          }) == fmt::format("b.json: /adjustments/0: question {} of attempt \"{}\" is \"T-001\", not \"T-002\"",
                            p1, t.annAttempts[0]));
    const json erratum{{"learner_id", t.ann.id}, {"question_id", "T-001"}, {"attempt_id", nullptr},
                       {"position", nullptr},    {"kind", "unclear"},      {"text", ""},
                       {"created_at", 1},        {"resolved_at", nullptr}, {"resolution", ""}};
    CHECK(refusal([&](json& k) {
              k["errata"].push_back(erratum);
              k["errata"][0]["kind"] = "typo";
          }) == "b.json: /errata/0/kind must be key-wrong, unclear or other");
    CHECK(refusal([&](json& k) {
              k["errata"].push_back(erratum);
              k["errata"][0]["learner_id"] = "x";
          }) == "b.json: /errata/0: learner \"x\" is not in the bundle");
    CHECK(refusal([&](json& k) {
              k["errata"].push_back(erratum);
              k["errata"][0]["position"] = 0;
          }) == "b.json: /errata/0/position must be null without an attempt");
    CHECK(refusal([&](json& k) {
              k["errata"].push_back(erratum);
              k["errata"][0]["attempt_id"] = "y";
          }) == "b.json: /errata/0: attempt \"y\" is not in the bundle");
    CHECK(refusal([](json& k) { k["version"] = 3; }) ==
          "b.json: records bundle version 3 is newer than this program reads (2): update the program");
}

TEST_CASE("merge: regrades of one attempt made in two databases add up") {
    TwoLearners t;
    TempDir other;
    auto trainer = openStore(other.path() / "trainer.db");
    mustMerge(*trainer, {t.dir.write("a.json", writeRecordsBundle(t.store->exportRecords({t.ann.id})))});
    CHECK(regrade(*trainer, flippedT003()) == 4); // in the trainer's database
    CHECK(regrade(*t.store, flippedT002()) == 5); // and, separately, in Ann's
    const auto bundle = t.dir.write("b.json", writeRecordsBundle(t.store->exportRecords({t.ann.id})));
    CHECK(mustMerge(*trainer, {bundle})[0].counts.adjustments == 4);
    // 1/4 + 2 (T-002) + 1 (T-003); 3/4 - 2 - 1; 4/4 - 2 - 1.
    CHECK(trainer->attempt(t.annAttempts[0])->score == 4);
    CHECK(trainer->attempt(t.annAttempts[1])->score == 0);
    CHECK(trainer->attempt(t.annAttempts[2])->score == 1);
    CHECK_FALSE(trainer->attempt(t.annAttempts[2])->passed);
    CHECK(mustMerge(*trainer, {bundle})[0].counts.adjustments == 0);
    CHECK(trainer->attempt(t.annAttempts[0])->score == 4);
}

TEST_CASE("score report: a regraded attempt shows the adjusted result and each adjustment") {
    TwoLearners t;
    regrade(*t.store, flippedT002());
    auto built = buildScoreReport(*t.store, t.annAttempts[0], &fixtureProfiles(), &fixtureBankSet());
    REQUIRE(std::holds_alternative<ScoreReport>(built));
    const ScoreReport r = std::get<ScoreReport>(built);
    CHECK(r.raw == 3);
    CHECK(r.percent == 75);
    CHECK(r.passed);
    CHECK(r.recordedRaw == 1);
    CHECK(r.recordedPercent == 25);
    CHECK_FALSE(r.recordedPassed);
    // The fail turned pass is Ann's first pass now: it earns the credit.
    CHECK(r.creditEquivalent == 1);
    CHECK(r.creditEarned == 1);
    CHECK_FALSE(r.creditRepeat);
    REQUIRE(r.adjustments.size() == 1);
    const int number = static_cast<int>(positionOf(*t.store, t.annAttempts[0], "T-002")) + 1;
    CHECK(r.adjustments[0].number == number);
    CHECK(r.adjustments[0].questionId == "T-002");
    CHECK(r.adjustments[0].oldEarned == 0);
    CHECK(r.adjustments[0].newEarned == 2);
    CHECK(r.adjustments[0].reason == "regrade of T-002 against its current key");
    // The regraded question is no longer missed, and the bars count its new mark.
    REQUIRE(r.missed.size() == 1);
    CHECK(r.missed[0].questionId == "T-003");
    REQUIRE(r.byTopic.size() == 1);
    CHECK(r.byTopic[0].earned == 3);
    CHECK(r.byTopic[0].correct == 2);
    CHECK(r.byTopic[0].percent == 75);

    const json j = json::parse(renderScoreReportJson(r));
    CHECK(j["passed"] == true);
    CHECK(j["recorded"]["raw"] == 1.0);
    CHECK(j["adjustments"][0]["question"] == "T-002");
    CHECK(j["adjustments"][0]["new_raw"] == 3.0);
    const std::string html = renderScoreReportHtml(r, "");
    CHECK(html.find("Regrade adjustments") != std::string::npos);
    CHECK(html.find(fmt::format("<td>{} (T-002)</td><td class=\"num\">0 &rarr; 2</td>", number)) !=
          std::string::npos);
    CHECK(html.find("recorded as 1 of 4 marks (25.0 %, fail)") != std::string::npos);
    const std::string csv = renderScoreReportCsv(r);
    CHECK(csv.find("pass; pass mark 50 %") != std::string::npos);
    CHECK(csv.find("; regraded (recorded 1 marks, fail)") != std::string::npos);
    CHECK(csv.find("adjustment,T-002,regrade of T-002 against its current key,1,0,2,0,75.0,") !=
          std::string::npos);

    // Ann's former first pass (3/4) now fails; Bo's only pass (3/4) too: his credit is gone.
    CHECK_FALSE(t.store->attempt(t.annAttempts[1])->passed);
    const CreditLedger ann = buildCreditLedger(t.store->history(t.ann.id), &fixtureProfiles());
    REQUIRE(ann.entries.size() == 2);
    CHECK(ann.entries[0].attemptId == t.annAttempts[0]);
    CHECK(ann.entries[0].earned == 1);
    CHECK(ann.entries[1].attemptId == t.annAttempts[2]); // 4/4 -> 2/4 = 50 %: still a pass, a repeat
    CHECK(ann.entries[1].repeat);
    CHECK(ann.total == 1);
    CHECK(buildCreditLedger(t.store->history(t.bo.id), &fixtureProfiles()).total == 0);
    auto bo = buildScoreReport(*t.store, t.boAttempt, &fixtureProfiles(), &fixtureBankSet());
    CHECK_FALSE(std::get<ScoreReport>(bo).passed);
    CHECK(std::get<ScoreReport>(bo).creditEarned == 0);

    // The competency record agrees with history.
    const CompetencyRecord rec = buildCompetencyRecord(*t.store, t.ann, &fixtureProfiles(), &fixtureBankSet(),
                                                       1'800'700'000);
    REQUIRE(rec.levels.size() == 1);
    CHECK(rec.levels[0].passed);
    CHECK(rec.levels[0].firstPassAt == 1'800'000'000 + 754);
    CHECK(rec.levels[0].trend == std::vector<double>{75, 25, 50});
    CHECK(rec.levels[0].latestPercent == 50);
    CHECK(rec.ledger.total == 1);
}

TEST_CASE("xapi: a regrade changes the result and the ids of the statements that carry it") {
    TwoLearners t;
    const XapiOptions o;
    const json before = json::parse(writeXapiStatements(t.store->exportRecords({t.ann.id}), o));
    regrade(*t.store, flippedT002());
    const json after = json::parse(writeXapiStatements(t.store->exportRecords({t.ann.id}), o));
    REQUIRE(before.size() == after.size());
    const std::string position = std::to_string(positionOf(*t.store, t.annAttempts[0], "T-002"));
    int changed = 0;
    for (std::size_t i = 0; i < after.size(); ++i) {
        const json &b = before[i], &a = after[i];
        if (a["context"]["registration"] != t.annAttempts[0]) continue;
        const std::string verb = a["verb"]["id"];
        if (verb.ends_with("/passed") || verb.ends_with("/failed")) {
            CHECK(b["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed");
            CHECK(verb == "http://adlnet.gov/expapi/verbs/passed");
            CHECK(a["result"]["score"]["raw"] == 3.0);
            CHECK(a["result"]["score"]["scaled"] == 0.75);
            CHECK(a["result"]["success"] == true);
            CHECK(a["id"] != b["id"]);
            ++changed;
        } else if (a["object"]["id"].get<std::string>().ends_with("/questions/T-002")) {
            CHECK(b["result"]["success"] == false);
            CHECK(a["result"]["success"] == true);
            CHECK(a["result"]["score"]["raw"] == 2.0);
            CHECK(a["id"] != b["id"]);
            ++changed;
        } else {
            CHECK(a["id"] == b["id"]); // untouched statements keep their ids
        }
    }
    CHECK(changed == 2);
    // A re-export after the regrade gives the same ids again.
    CHECK(json::parse(writeXapiStatements(t.store->exportRecords({t.ann.id}), o)) == after);
}

TEST_CASE("competency record: readiness per level and the due forecast from the learner's answers") {
    TwoLearners t;
    const std::int64_t now = 1'800'700'000;
    const CompetencyRecord r =
        buildCompetencyRecord(*t.store, t.ann, &fixtureProfiles(), &fixtureBankSet(), now);
    REQUIRE(r.levels.size() == 1);
    REQUIRE(r.levels[0].readiness);
    const Readiness expected = estimateReadiness(*fixtureProfiles().find("mini"), fixtureBankSet(),
                                                 t.store->reviewRecords(t.ann.id));
    const Readiness& got = *r.levels[0].readiness;
    CHECK(got.profileId == "mini");
    CHECK(got.answers == 12); // three questions in each of four sessions
    CHECK(got.passProbability == expected.passProbability);
    CHECK(got.low == expected.low);
    CHECK(got.high == expected.high);
    CHECK(got.passProbability > 0.5); // 9 of 12 right on a paper passed at 2 of 4 marks
    CHECK(got.low <= got.passProbability);
    CHECK(got.passProbability <= got.high);
    REQUIRE(got.studyNext.size() == 1);
    CHECK(got.studyNext[0].label == "Incidents");
    REQUIRE(r.due);
    const DueForecast due = dueForecast(learnerCards(*t.store, fixtureBankSet(), t.ann.id, now), now, 14);
    CHECK(r.due->total == 3);
    CHECK(r.due->dueNow == due.dueNow);
    CHECK(r.due->byDay == due.byDay);
    CHECK(r.due->byDay.size() == 14);

    const json j = json::parse(renderCompetencyRecordJson(r));
    CHECK(j["levels"][0]["readiness"]["pass_probability"] == got.passProbability);
    CHECK(j["levels"][0]["readiness"]["band"] == json{got.low, got.high});
    CHECK(j["levels"][0]["readiness"]["study_next"][0]["label"] == "Incidents");
    CHECK(j["due"]["now"] == due.dueNow);
    CHECK(j["due"]["next_14_days"] == due.byDay);
    const std::string html = renderCompetencyRecordHtml(r, "");
    CHECK(html.find(fmt::format("<td>{:.0f} % <span class=\"band\">({:.0f}&ndash;{:.0f} %, 12 answers)</span>"
                                "<br><span class=\"next\">Study next: Incidents",
                                100 * got.passProbability, 100 * got.low, 100 * got.high)) != std::string::npos);
    CHECK(html.find(fmt::format("<p>{} of 3 questions answered so far are due for review now.</p>", due.dueNow)) !=
          std::string::npos);

    // Without profiles and banks there is nothing to estimate from.
    const CompetencyRecord bare = buildCompetencyRecord(*t.store, t.ann, nullptr, nullptr, now);
    CHECK_FALSE(bare.levels[0].readiness);
    CHECK_FALSE(bare.due);
    CHECK(json::parse(renderCompetencyRecordJson(bare))["levels"][0]["readiness"].is_null());
}
