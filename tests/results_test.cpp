// The results side of the trainer tools (issue 8) on real SQLite files and bank files: the schema v2 -> v3
// migration, item analysis over stored attempts with its filters, regrades appended as adjustments
// (read by history and reports, idempotent), errata, and classroom papers.
#include "core/answer_input.hpp"
#include "core/bank_set.hpp"
#include "core/errata.hpp"
#include "core/item_analysis.hpp"
#include "core/paper.hpp"
#include "core/paper_html.hpp"
#include "core/profile.hpp"
#include "core/regrade.hpp"
#include "core/store/progress_store.hpp"
#include "test_util.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <map>
#include <regex>

using namespace examsim::core;
using examsim::test::TempDir;

namespace {

std::unique_ptr<ProgressStore> mustOpen(const std::filesystem::path& p) {
    return examsim::test::openStore(p);
}

// A bank folder with the fixture bank and profiles; the key of T-001 can be changed as a trainer would.
struct Fixture {
    TempDir dir;
    std::string bankText;
    Fixture() {
        examsim::test::writeFixtureBanks(dir);
        bankText = examsim::test::readFile(dir.path() / "bank.json");
    }
    void setT001Key(const std::string& key) const {
        std::string text = bankText;
        const std::string from = "\"key\": \"a\",\n      \"explanation\": \"Incident management is 8.6.1.\"";
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(),
                     "\"key\": \"" + key + "\",\n      \"explanation\": \"Incident management is 8.6.1.\"");
        dir.write("bank.json", text);
    }
    BankSet banks() const { return BankSet::load({dir.path()}); }
    Paper paper(std::uint64_t seed) const {
        const auto b = banks();
        const auto profiles = loadProfilesFrom({dir.path()}, b);
        AssemblyOptions o;
        o.seed = seed;
        return std::get<Paper>(assemblePaper(b, *profiles.find("mini"), o));
    }
    std::filesystem::path db() const { return dir.path() / "progress.db"; }
};

// Sits the mini paper (T-001 single 1 mark, T-002 multiple 2 marks with partial marks, T-003 true/false
// 1 mark; pass mark 50 %) with the answers given by question id, and finishes it.
std::string sit(ProgressStore& store, const Learner& l, const Paper& paper,
                const std::map<std::string, Answer>& answers, Mode mode = Mode::Exam) {
    AttemptMeta m;
    m.profileId = "mini";
    m.profileTitle = "Mini paper";
    m.mode = mode;
    m.seed = paper.seed;
    m.config.mode = mode;
    m.config.passMarkPercent = 50;
    m.config.creditsIfPassed = 1;
    const std::string id = store.startAttempt(l, paper, m);
    std::vector<Answer> given;
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        ItemState s;
        const auto it = answers.find(paper.items[i].question.id);
        if (it != answers.end()) s.answer = it->second;
        given.push_back(s.answer);
        store.recordResponse(id, i, paper.items[i], s, 1000);
    }
    store.finishAttempt(id, SessionStatus::Submitted,
                        scorePaper(paper, given, {}, {50, mode == Mode::Exam ? 1.0 : 0.0}, 60000));
    return id;
}

const std::map<std::string, Answer> kAllRight = {
    {"T-001", {{"a"}, {}}}, {"T-002", {{"a", "b"}, {}}}, {"T-003", {{"true"}, {}}}};
// T-001 b (0), T-002 a only (1 of 2), T-003 false (0): 1 of 4 marks, 25 %, fail.
const std::map<std::string, Answer> kWeak = {
    {"T-001", {{"b"}, {}}}, {"T-002", {{"a"}, {}}}, {"T-003", {{"false"}, {}}}};

const QuestionStats& statsOf(const ItemAnalysis& a, const std::string& id) {
    for (const auto& q : a.questions)
        if (q.questionId == id) return q;
    FAIL("no question " << id);
    return a.questions.front();
}

} // namespace

TEST_CASE("migration from schema v2 to v3 adds regrade columns and errata and keeps a v2 backup") {
    TempDir dir;
    const auto path = dir.path() / "progress.db";
    ProgressStore::createAtVersion(path, 2);
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("INSERT INTO learners(id, name, team, created_at) VALUES ('l1', 'Old learner', 'T', 1)");
        db.exec("INSERT INTO attempts(id, learner_id, profile_id, profile_title, mode, seed, banks, "
                "time_limit_minutes, "
                "extra_time_percent, pass_mark_percent, credits_if_passed, started_at, finished_at, status, "
                "score, max_score, "
                "percent, passed, credits) VALUES ('a1', 'l1', 'mini', 'Mini', 'exam', 1, '', 30, 0, 50, 1, "
                "10, 20, 'submitted', "
                "1, 4, 25, 0, 0)");
        // A v2 adjustment carries only a delta: it still counts.
        db.exec("INSERT INTO adjustments(attempt_id, created_at, reason, delta) VALUES ('a1', 30, 'manual', "
                "0.5)");
    }
    auto store = mustOpen(path);
    CHECK(std::filesystem::exists(path.string() + ".bak-v2"));
    SQLite::Database backup(path.string() + ".bak-v2", SQLite::OPEN_READONLY);
    CHECK(backup.execAndGet("PRAGMA user_version").getInt() == 2);
    CHECK(backup.execAndGet("SELECT count(*) FROM adjustments").getInt() == 1);
    CHECK_FALSE(backup.tableExists("errata"));
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == ProgressStore::kSchemaVersion);
    CHECK(db.tableExists("errata"));
    CHECK(db.execAndGet("SELECT count(*) FROM pragma_table_info('adjustments') WHERE name IN ('question_id', "
                        "'position', "
                        "'old_earned', 'new_earned', 'old_passed', 'new_passed', 'key_hash')")
              .getInt() == 7);
    const auto h = store->history("l1");
    REQUIRE(h.size() == 1);
    CHECK(h[0].score == 1.5);
    CHECK(h[0].percent == doctest::Approx(37.5));
    CHECK(h[0].storedScore == 1);
    CHECK(h[0].storedPercent == 25);
    CHECK(h[0].adjustments == 1);
    CHECK_FALSE(h[0].passed);
    CHECK(store->adjustments("a1")[0].newScore == 1.5);
    CHECK(store->profileSummaries("l1")[0].bestPercent == doctest::Approx(37.5));
}

TEST_CASE("item analysis over stored attempts: marks - chosen options - and the filters") {
    Fixture f;
    auto store = mustOpen(f.db());
    const auto ann = store->createLearner("Ann", "red");
    const auto bob = store->createLearner("Bob", "blue");
    const Paper paper = f.paper(5);
    const auto a1 = sit(*store, ann, paper, kAllRight);
    const auto b1 = sit(*store, bob, paper, kWeak);
    const auto b2 = sit(*store, bob, paper, kAllRight);
    sit(*store, bob, paper, kWeak, Mode::Study); // study attempts are not analysed
    {
        SQLite::Database db(f.db().string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE attempts SET started_at = 1767225600 WHERE id = '" + a1 + "'"); // 2026-01-01
        db.exec("UPDATE attempts SET started_at = 1767312000 WHERE id = '" + b1 + "'"); // 2026-01-02
        db.exec("UPDATE attempts SET started_at = 1767398400 WHERE id = '" + b2 + "'"); // 2026-01-03
    }
    auto all = store->itemAnalysisData({});
    REQUIRE(all.attempts.size() == 3);
    CHECK(all.attempts[0].attemptId == a1);
    REQUIRE(all.attempts[1].items.size() == 3);
    const auto analysis = analyseItems(all);
    // T-002 (2 marks): 2, 1, 2 -> mean 5/3 marks, facility 5/6. Totals 4, 1, 4; rest scores 2, 0, 2.
    const auto& t2 = statsOf(analysis, "T-002");
    CHECK(t2.maxMark == 2);
    CHECK(t2.facility == doctest::Approx(5.0 / 6));
    const auto& t1 = statsOf(analysis, "T-001");
    CHECK(t1.facility == doctest::Approx(2.0 / 3));
    REQUIRE(t1.options.size() == 4);
    CHECK(t1.options[0].id == "a");
    CHECK(t1.options[0].key);
    CHECK(t1.options[0].chosen == 2);
    CHECK(t1.options[1].chosen == 1);
    CHECK(t1.options[2].chosen == 0);
    const auto& t3 = statsOf(analysis, "T-003");
    REQUIRE(t3.options.size() == 2);
    CHECK(t3.options[0].id == "true");
    CHECK(t3.options[0].chosen == 2);
    CHECK(t3.options[1].chosen == 1);
    CHECK(analysis.paper.sameQuestions);
    CHECK(analysis.paper.mean == doctest::Approx(3.0));

    AnalysisFilter first;
    first.firstOnly = true;
    CHECK(store->itemAnalysisData(first).attempts.size() == 2); // a1 and b1
    AnalysisFilter team;
    team.team = "blue";
    CHECK(store->itemAnalysisData(team).attempts.size() == 2);
    AnalysisFilter profile;
    profile.profileId = "other";
    CHECK(store->itemAnalysisData(profile).attempts.empty());
    AnalysisFilter seed;
    seed.seed = 5;
    CHECK(store->itemAnalysisData(seed).attempts.size() == 3);
    seed.seed = 6;
    CHECK(store->itemAnalysisData(seed).attempts.empty());
    AnalysisFilter dates;
    dates.from = 1767312000;
    dates.to = 1767398400;
    const auto onlyB1 = store->itemAnalysisData(dates);
    REQUIRE(onlyB1.attempts.size() == 1);
    CHECK(onlyB1.attempts[0].attemptId == b1);
}

TEST_CASE("regrade appends adjustments - history and reports read them - and a second run adds nothing") {
    Fixture f;
    const Paper paper = f.paper(5);
    std::string annAttempt, bobAttempt;
    {
        auto store = mustOpen(f.db());
        annAttempt = sit(*store, store->createLearner("Ann"), paper, kAllRight);
        bobAttempt = sit(*store, store->createLearner("Bob"), paper, kWeak);
    }
    f.setT001Key("b"); // the trainer decides b was the right answer all along
    auto banks = f.banks();
    auto store = mustOpen(f.db());
    auto plan = planRegrade(*store, *banks.question("T-001"));
    CHECK(plan.itemsChecked == 2);
    CHECK(plan.skipped.empty());
    REQUIRE(plan.changes.size() == 2);
    // Ann: 4 -> 3 of 4, still a pass. Bob: 1 -> 2 of 4 = 50 %, now a pass.
    CHECK(plan.changes[0].record.attemptId == annAttempt);
    CHECK(plan.changes[0].record.oldEarned == 1);
    CHECK(plan.changes[0].record.newEarned == 0);
    CHECK(plan.changes[0].oldScore == 4);
    CHECK(plan.changes[0].newScore == 3);
    CHECK(plan.changes[0].newPercent() == 75);
    CHECK(plan.changes[0].record.newPassed);
    CHECK(plan.changes[1].learnerName == "Bob");
    CHECK(plan.changes[1].oldScore == 1);
    CHECK(plan.changes[1].newScore == 2);
    CHECK_FALSE(plan.changes[1].record.oldPassed);
    CHECK(plan.changes[1].record.newPassed);
    // Planning writes nothing.
    CHECK(store->adjustments(bobAttempt).empty());
    applyRegrade(*store, plan);

    const auto bob = *store->learnerByName("Bob");
    auto h = store->history(bob.id);
    REQUIRE(h.size() == 1);
    CHECK(h[0].score == 2);
    CHECK(h[0].percent == 50);
    CHECK(h[0].passed);
    CHECK(h[0].credits == 1);
    CHECK(h[0].storedScore == 1);
    CHECK_FALSE(h[0].storedPassed);
    CHECK(h[0].adjustments == 1);
    const auto summaries = store->profileSummaries(bob.id);
    REQUIRE(summaries.size() == 1);
    CHECK(summaries[0].bestPercent == 50);
    CHECK(summaries[0].passed);
    CHECK(store->teamRollup("")[1].bestPercent == 50);
    // The stored result itself is untouched.
    {
        SQLite::Database db(f.db().string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("SELECT score FROM attempts WHERE id = '" + bobAttempt + "'").getDouble() == 1);
        CHECK(db.execAndGet("SELECT earned FROM responses WHERE attempt_id = '" + bobAttempt +
                            "' AND question_id = 'T-001'")
                  .getDouble() == 0);
    }
    // Item analysis reads the regraded marks: T-001 is now right for Bob only.
    CHECK(statsOf(analyseItems(store->itemAnalysisData({})), "T-001").facility == doctest::Approx(0.5));

    SUBCASE("regrading again with no key change adds nothing") {
        const auto again = planRegrade(*store, *banks.question("T-001"));
        CHECK(again.itemsChecked == 2);
        CHECK(again.changes.empty());
        applyRegrade(*store, again);
        CHECK(store->adjustments(bobAttempt).size() == 1);
    }
    SUBCASE("changing the key back reverses it with further records") {
        f.setT001Key("a");
        const auto back = planRegrade(*store, *f.banks().question("T-001"));
        REQUIRE(back.changes.size() == 2);
        CHECK(back.changes[1].record.oldEarned == 1);
        CHECK(back.changes[1].record.newEarned == 0);
        CHECK(back.changes[1].oldScore == 2);
        CHECK(back.changes[1].newScore == 1);
        applyRegrade(*store, back);
        const auto records = store->adjustments(bobAttempt);
        REQUIRE(records.size() == 2);
        CHECK(records[1].delta() == -1);
        CHECK(records[0].newScore == 2);
        CHECK(records[0].newPercent == 50);
        CHECK(records[1].newScore == 1);
        CHECK(records[1].newPercent == 25);
        h = store->history(bob.id);
        CHECK(h[0].score == 1);
        CHECK(h[0].percent == 25);
        CHECK_FALSE(h[0].passed);
        CHECK(h[0].credits == 0);
        CHECK(h[0].adjustments == 2);
    }
}

TEST_CASE("regrade skips answers the current question cannot score") {
    Fixture f;
    const Paper paper = f.paper(5);
    {
        auto store = mustOpen(f.db());
        sit(*store, store->createLearner("Ann"), paper, {{"T-001", {{"d"}, {}}}});
    }
    auto banks = f.banks();
    Question changed = *banks.question("T-001");
    changed.options.pop_back(); // option d removed from the bank
    changed.keyIds = {"d"};
    auto store = mustOpen(f.db());
    const auto plan = planRegrade(*store, changed);
    CHECK(plan.changes.empty());
    REQUIRE(plan.skipped.size() == 1);
    CHECK(plan.skipped[0].find("the answer names \"d\", which the question no longer has; not regraded") !=
          std::string::npos);
    changed.type = QuestionType::Multiple;
    CHECK(planRegrade(*store, changed).skipped[0].find("the question type changed from single to multiple") !=
          std::string::npos);
}

TEST_CASE("errata: reports are checked - stored - listed and resolved") {
    Fixture f;
    const auto banks = f.banks();
    auto store = mustOpen(f.db());
    const auto ann = store->createLearner("Ann");
    const Paper paper = f.paper(5);
    const auto attempt = sit(*store, ann, paper, kAllRight);
    auto error = [&](const ErratumRequest& r) {
        auto res = reportProblem(*store, banks, r);
        REQUIRE(std::holds_alternative<ErratumError>(res));
        return std::get<ErratumError>(res).message;
    };
    CHECK(error({"nobody", "T-001", ErratumKind::KeyWrong, "", "", std::nullopt}) ==
          "no learner with id \"nobody\"");
    CHECK(error({ann.id, "T-404", ErratumKind::Unclear, "", "", std::nullopt}) ==
          "no question \"T-404\" in the loaded banks");
    CHECK(error({ann.id, "T-001", ErratumKind::Other, "  ", "", std::nullopt}) ==
          "say what the problem is: a report of kind \"other\" needs a text");
    CHECK(error({ann.id, "T-001", ErratumKind::Other, std::string(2001, 'x'), "", std::nullopt}) ==
          "the text is 2001 characters long; keep it under 2000");
    CHECK(error({ann.id, "T-001", ErratumKind::KeyWrong, "", "no-such-attempt", 0}) ==
          "no attempt with id \"no-such-attempt\"");
    CHECK(error({ann.id, "T-001", ErratumKind::KeyWrong, "", attempt, 3}) ==
          fmt::format("attempt {} has 3 questions; there is no question 4", attempt));
    const std::string atFirst = paper.items[0].question.id;
    const std::string other = atFirst == "T-001" ? "T-002" : "T-001";
    CHECK(error({ann.id, other, ErratumKind::KeyWrong, "", attempt, 0}) ==
          fmt::format("question 1 of attempt {} is {}, not {}", attempt, atFirst, other));

    const auto id1 = std::get<std::int64_t>(
        reportProblem(*store, banks, {ann.id, atFirst, ErratumKind::KeyWrong, "b is right", attempt, 0}));
    const auto id2 = std::get<std::int64_t>(
        reportProblem(*store, banks, {ann.id, "T-003", ErratumKind::Unclear, "", "", std::nullopt}));
    auto list = store->errata();
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == id1);
    CHECK(list[0].learnerName == "Ann");
    CHECK(list[0].kind == ErratumKind::KeyWrong);
    CHECK(list[0].text == "b is right");
    CHECK(list[0].attemptId == attempt);
    CHECK(list[0].position == std::optional<std::size_t>(0));
    CHECK_FALSE(list[1].position);
    CHECK(store->resolveErratum(id2, "reworded"));
    CHECK_FALSE(store->resolveErratum(id2, "again")); // already resolved
    CHECK_FALSE(store->resolveErratum(999, ""));
    CHECK(store->errata(false).size() == 1);
    CHECK(store->erratum(id2)->resolution == "reworded");
    CHECK(store->erratum(id2)->resolvedAt > 0);
    store->deleteLearner(ann.id); // a learner's reports go with them
    CHECK(store->errata().empty());
}

TEST_CASE(
    "a classroom paper lists exactly the questions of assemblePaper for the seed - and the key matches") {
    Fixture f;
    for (std::uint64_t seed : {1u, 5u, 42u}) {
        CAPTURE(seed);
        const Paper paper = f.paper(seed);
        const auto profiles = loadProfilesFrom({f.dir.path()}, f.banks());
        const ExamProfile& profile = *profiles.find("mini");
        const std::string html = paperHtml(paper, profile);
        const std::string key = answerKeyHtml(paper, profile);
        std::vector<std::string> onPaper, onKey, keyAnswers;
        const std::regex section("<section class=\"question\" data-question=\"([^\"]+)\">");
        for (auto it = std::sregex_iterator(html.begin(), html.end(), section); it != std::sregex_iterator();
             ++it)
            onPaper.push_back((*it)[1]);
        const std::regex row("<tr data-question=\"([^\"]+)\"><td>\\d+</td><td class=\"id\">[^<]*</td><td "
                             "class=\"key\">([^<]*)</td>");
        for (auto it = std::sregex_iterator(key.begin(), key.end(), row); it != std::sregex_iterator(); ++it)
            onKey.push_back((*it)[1]), keyAnswers.push_back((*it)[2]);
        REQUIRE(onPaper.size() == paper.items.size());
        REQUIRE(onKey.size() == paper.items.size());
        for (std::size_t i = 0; i < paper.items.size(); ++i) {
            const auto& item = paper.items[i];
            CHECK(onPaper[i] == item.question.id);
            CHECK(onKey[i] == item.question.id);
            CHECK(keyAnswers[i] == answerText(item, keyAnswer(item.question)));
            // Options appear in the order learners see them.
            if (item.question.type == QuestionType::Single) {
                const auto& opts = item.question.options;
                std::size_t last = 0;
                for (int k : item.optionOrder) {
                    const auto at =
                        html.find("<li>" + opts[static_cast<std::size_t>(k)].text + "</li>", last);
                    CHECK(at != std::string::npos);
                    last = at;
                }
            }
        }
        CHECK(html.find("@page { size: A4") != std::string::npos);
        CHECK(html.find("Answer sheet") != std::string::npos);
        CHECK(html.find("<td class=\"key\">") == std::string::npos); // no key on the learners' paper
        CHECK(key.find(marksCsvHeader(paper)) != std::string::npos);
        CHECK(key.find("ISO/IEC 20000-1:2018 clause 8.6.1") != std::string::npos);
    }
}

TEST_CASE("a classroom paper of a case-study profile prints each case study once before its questions") {
    const auto dir = examsim::test::sourceDir() / "question-banks";
    const auto banks = BankSet::load({dir});
    const auto profiles = loadProfilesFrom({dir}, banks);
    const ExamProfile& profile = *profiles.find("practitioner");
    REQUIRE(profile.usesCaseStudies());
    AssemblyOptions o;
    o.seed = 11;
    const Paper paper = std::get<Paper>(assemblePaper(banks, profile, o));
    const std::string html = paperHtml(paper, profile);
    std::vector<std::string> cases;
    for (const auto& item : paper.items)
        if (cases.empty() || cases.back() != item.question.caseStudy)
            cases.push_back(item.question.caseStudy);
    REQUIRE(cases.size() == static_cast<std::size_t>(profile.caseStudies));
    std::size_t count = 0, at = 0;
    while ((at = html.find("<div class=\"case\">", at)) != std::string::npos) ++count, ++at;
    CHECK(count == cases.size());
    // Each case study's title comes before its first question and after the previous case's questions.
    std::size_t last = 0;
    for (const auto& item : paper.items) {
        const auto q = html.find("data-question=\"" + item.question.id + "\"");
        REQUIRE(q != std::string::npos);
        CHECK(q > last);
        last = q;
    }
    const auto firstCase = html.find("<h2>Case study: " + paper.items[0].caseStudyTitle + "</h2>");
    CHECK(firstCase != std::string::npos);
    CHECK(firstCase < html.find("data-question=\"" + paper.items[0].question.id + "\""));
}
