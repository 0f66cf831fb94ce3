// Score reports and the credit ledger against known attempts: numbers, pass/fail, breakdowns, missed
// questions, credit sums, the cap of 6, repeated passes, and what earns nothing; the CLI end to end.
#include "core/report/credit_ledger.hpp"
#include "core/report/report_text.hpp"
#include "core/report/score_report.hpp"
#include "report_fixture.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace examsim::core;
using namespace examsim::test;

namespace {

StoredAttempt passed(const std::string& id, const std::string& profile, double credits, std::int64_t at,
                     Mode mode = Mode::Exam, bool pass = true, const std::string& status = "submitted") {
    StoredAttempt a;
    a.id = id;
    a.meta.profileId = profile;
    a.meta.profileTitle = profile;
    a.meta.mode = mode;
    a.meta.config.creditsIfPassed = credits;
    a.finishedAt = at;
    a.status = status;
    a.passed = pass;
    a.percent = pass ? 80 : 20;
    return a;
}

const ProfileSet& shippedProfiles() {
    static const BankSet banks = BankSet::load({sourceDir() / "question-banks"});
    static const ProfileSet p = loadProfilesFrom({sourceDir() / "question-banks"}, banks);
    return p;
}

ScoreReport mustReport(const ProgressStore& s, const std::string& id) {
    auto r = buildScoreReport(s, id, &fixtureProfiles(), &fixtureBankSet());
    if (auto* e = std::get_if<ReportError>(&r)) FAIL(e->message);
    return std::get<ScoreReport>(r);
}

std::string reportError(const ProgressStore& s, const std::string& id) {
    auto r = buildScoreReport(s, id);
    REQUIRE(std::holds_alternative<ReportError>(r));
    return std::get<ReportError>(r).message;
}

} // namespace

TEST_CASE("ledger: Foundation 1.0 + Practitioner 1.5 + Auditor 1.0 sum to 3.5 - all of it counts") {
    const auto l =
        buildCreditLedger({passed("a", "foundation", 1.0, 100), passed("b", "practitioner", 1.5, 200),
                           passed("c", "auditor", 1.0, 300)},
                          &shippedProfiles());
    REQUIRE(l.entries.size() == 3);
    CHECK(l.entries[0].level == "foundation");
    CHECK(l.entries[1].level == "practitioner");
    CHECK(l.entries[1].earned == 1.5);
    CHECK(l.total == doctest::Approx(3.5));
    CHECK(l.counted == doctest::Approx(3.5));
    CHECK_FALSE(l.capped());
    CHECK(creditSummary(l) == "3.5 credit equivalents from practice passes; at most 6 complementary credits "
                              "count, so 3.5 count toward "
                              "the 17 credits needed before Managing Across the Lifecycle (MALC), within the "
                              "22 of ITIL Expert, where "
                              "ITIL Foundation (2) and MALC (5) are mandatory.");
}

TEST_CASE("ledger: a repeated pass of a level earns nothing more - even on another profile of that level") {
    // Newest first, as history() returns them: the ledger orders by date itself.
    const auto l =
        buildCreditLedger({passed("c", "foundation", 1.0, 300), passed("b", "foundation", 1.0, 200),
                           passed("a", "foundation", 1.0, 100)},
                          &shippedProfiles());
    REQUIRE(l.entries.size() == 3);
    CHECK(l.entries[0].attemptId == "a");
    CHECK_FALSE(l.entries[0].repeat);
    CHECK(l.entries[1].repeat);
    CHECK(l.entries[1].earned == 0);
    CHECK(l.entries[2].repeat);
    CHECK(l.total == 1.0);
    // Two profiles of one level (say a trainer's second Foundation profile with credits): one level, one
    // credit.
    ProfileSet ps;
    ExamProfile p1, p2;
    p1.id = "foundation", p2.id = "foundation-long";
    p1.levels = p2.levels = {Level::Foundation};
    ps.profiles = {p1, p2};
    const auto two = buildCreditLedger(
        {passed("x", "foundation", 1.0, 100), passed("y", "foundation-long", 1.0, 200)}, &ps);
    CHECK(two.total == 1.0);
    CHECK(two.entries[1].repeat);
    // Without profiles each profile id is its own level.
    CHECK(buildCreditLedger({passed("x", "foundation", 1.0, 100), passed("y", "foundation-long", 1.0, 200)})
              .total == 2.0);
}

TEST_CASE(
    "ledger: study - drills - failures - unfinished attempts - bridge and quick-quiz papers earn nothing") {
    const auto l = buildCreditLedger(
        {passed("s", "foundation", 1.0, 100, Mode::Study), passed("d", "drill", 1.0, 110, Mode::Drill),
         passed("f", "foundation", 1.0, 120, Mode::Exam, false),
         passed("i", "foundation", 1.0, 130, Mode::Exam, true, "in_progress"),
         passed("x", "foundation", 1.0, 135, Mode::Exam, true, "abandoned"),
         passed("b", "foundation-bridge", 0, 140), passed("q", "quick-quiz", 0, 150)},
        &shippedProfiles());
    CHECK(l.entries.empty());
    CHECK(l.total == 0);
    // The shipped profiles carry exactly these equivalents.
    CHECK(shippedProfiles().find("foundation")->credits == 1.0);
    CHECK(shippedProfiles().find("practitioner")->credits == 1.5);
    CHECK(shippedProfiles().find("auditor")->credits == 1.0);
    CHECK(shippedProfiles().find("foundation-bridge")->credits == 0);
    CHECK(shippedProfiles().find("quick-quiz")->credits == 0);
    // A pass that ran out of time still counts.
    CHECK(buildCreditLedger({passed("t", "auditor", 1.0, 100, Mode::Exam, true, "timed_out")}).total == 1.0);
}

TEST_CASE("ledger: at most 6 complementary credits count") {
    const auto l = buildCreditLedger({passed("a", "level-a", 2.5, 100), passed("b", "level-b", 2.5, 200),
                                      passed("c", "level-c", 2.0, 300)});
    CHECK(l.total == doctest::Approx(7.0));
    CHECK(l.counted == doctest::Approx(6.0));
    CHECK(l.capped());
    CHECK(creditSummary(l).rfind(
              "7 credit equivalents from practice passes; at most 6 complementary credits count, so 6 count",
              0) == 0);
}

TEST_CASE(
    "ledger caveats say the scheme was superseded - passes are not certificates - credits are for planning") {
    const auto& c = creditCaveats();
    REQUIRE(c.size() == 4);
    CHECK(c[0] == "The ITIL v3 (2011) credit system shown here was superseded by ITIL 4 in 2019; it is "
                  "historical context.");
    CHECK(c[1] == "A practice pass in ExamSim 20000 is not a certificate: only an accredited examination "
                  "institute awards "
                  "qualifications and credits.");
    CHECK(c[2] == "Credits here are equivalents for planning: what the corresponding ISO/IEC 20000 "
                  "qualification carried as a "
                  "complementary qualification.");
    CHECK(c[3] == "\"Practitioner\" here is the ISO/IEC 20000 Practitioner, not ITIL Practitioner.");
}

TEST_CASE("text helpers: escaping - CSV fields - ISO 8601 dates and durations - references") {
    CHECK(htmlEscape("<a href=\"x\">Tom & 'Jo'</a>") ==
          "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jo&#39;&lt;/a&gt;");
    CHECK(csvField("plain") == "plain");
    CHECK(csvField("a, \"b\"") == "\"a, \"\"b\"\"\"");
    CHECK(csvField("=cmd()") == "\"'=cmd()\"");
    CHECK(isoTimestamp(1'800'000'000) == "2027-01-15T08:00:00Z");
    CHECK(isoTimestamp(0).empty());
    CHECK(isoDuration(3'723'500) == "PT1H2M3.5S");
    CHECK(isoDuration(754'500) == "PT12M34.5S");
    CHECK(isoDuration(60'000) == "PT1M");
    CHECK(isoDuration(5) == "PT0.005S");
    CHECK(isoDuration(0) == "PT0S");
    CHECK(formatReference(Reference{"ISO/IEC 20000", "1", 2018, "8.6.1", ""}) ==
          "ISO/IEC 20000-1:2018 clause 8.6.1");
    CHECK(formatReference(Reference{"ISO 19011", "", 2018, "4", ""}) == "ISO 19011:2018 clause 4");
    CHECK(formatNumber(1.5) == "1.5");
    CHECK(formatNumber(26) == "26");
    CHECK(formatNumber(2.0 / 3) == "0.67");
}

TEST_CASE("score report of a known pass: marks - percent - breakdowns - missed question - credit") {
    TempDir dir;
    auto store = openStore(dir.path() / "p.db");
    const Learner ann = store->createLearner("Ann", "Ops");
    Sitting s;
    s.wrong = {"T-002"}; // 2 of 4 marks lost: 2/4 = 50 %, exactly the pass mark
    const std::string id = sit(*store, ann, s);
    const ScoreReport r = mustReport(*store, id);
    CHECK(r.learner.name == "Ann");
    CHECK(r.learner.team == "Ops");
    CHECK(r.profileTitle == "Mini paper");
    CHECK(r.format == "3 questions, 4 marks, 30 minutes, pass mark 50 %");
    CHECK(r.mode == "exam");
    CHECK(r.raw == 2);
    CHECK(r.max == 4);
    CHECK(r.percent == doctest::Approx(50.0));
    CHECK(r.passed);
    CHECK(r.answered == 3);
    CHECK(r.questions == 3);
    CHECK(r.timeUsedMs == 754'500);
    CHECK(r.startedAt == 1'800'000'000);
    CHECK(r.creditEquivalent == 1.0);
    CHECK(r.creditEarned == 1.0);
    CHECK_FALSE(r.creditRepeat);
    REQUIRE(r.byGroup.size() == 1);
    CHECK(r.byGroup[0].key == "grp");
    CHECK(r.byGroup[0].label == "Group");
    CHECK(r.byGroup[0].questions == 3);
    CHECK(r.byGroup[0].correct == 2);
    CHECK(r.byGroup[0].earned == 2);
    CHECK(r.byGroup[0].available == 4);
    REQUIRE(r.byTopic.size() == 1);
    CHECK(r.byTopic[0].label == "Incident management");
    REQUIRE(r.byPart.size() == 1);
    CHECK(r.byPart[0].label == "Part 1");
    CHECK(r.byPart[0].percent == doctest::Approx(50.0));
    REQUIRE(r.missed.size() == 1);
    CHECK(r.missed[0].questionId == "T-002");
    CHECK(r.missed[0].stem == "Which two are resolution and fulfilment processes?");
    CHECK(r.missed[0].marks == 2);
    CHECK(r.missed[0].earned == 0);
    CHECK(r.missed[0].answered);
    CHECK(r.missed[0].references == std::vector<std::string>{"ISO/IEC 20000-1:2018 clause 8.6"});
    const auto paper = store->loadPaper(id);
    for (std::size_t i = 0; i < paper.items.size(); ++i)
        if (paper.items[i].question.id == "T-002") CHECK(r.missed[0].number == static_cast<int>(i + 1));
}

TEST_CASE("score report of a fail - a repeated pass - and a study session") {
    TempDir dir;
    auto store = openStore(dir.path() / "p.db");
    const Learner bo = store->createLearner("Bo");
    Sitting fail;
    fail.wrong = {"T-002"};
    fail.unanswered = {"T-003"}; // 1 of 4 = 25 %
    const ScoreReport f = mustReport(*store, sit(*store, bo, fail));
    CHECK(f.raw == 1);
    CHECK(f.percent == doctest::Approx(25.0));
    CHECK_FALSE(f.passed);
    CHECK(f.answered == 2);
    CHECK(f.creditEquivalent == 0);
    REQUIRE(f.missed.size() == 2);
    Sitting first, again;
    first.startedAt = 1'800'100'000;
    again.startedAt = 1'800'200'000;
    const ScoreReport p1 = mustReport(*store, sit(*store, bo, first));
    const ScoreReport p2 = mustReport(*store, sit(*store, bo, again));
    CHECK(p1.percent == doctest::Approx(100.0));
    CHECK(p1.missed.empty());
    CHECK(p1.creditEarned == 1.0);
    CHECK(p2.creditEquivalent == 1.0);
    CHECK(p2.creditRepeat);
    CHECK(p2.creditEarned == 0);
    Sitting study;
    study.mode = Mode::Study;
    const ScoreReport st = mustReport(*store, sit(*store, bo, study));
    CHECK(st.passed);
    CHECK(st.mode == "study");
    CHECK(st.creditEquivalent == 0);
}

TEST_CASE("score report renderers: HTML is self-contained and escaped - JSON and CSV carry the numbers") {
    TempDir dir;
    auto store = openStore(dir.path() / "p.db");
    const Learner l = store->createLearner("<script>alert(1)</script> & Co", "=HYPERLINK(\"x\")");
    Sitting s;
    s.wrong = {"T-001"}; // 3/4 = 75 %
    const ScoreReport r = mustReport(*store, sit(*store, l, s));
    const auto css = loadReportCss();
    REQUIRE(std::holds_alternative<std::string>(css));
    const std::string html = renderScoreReportHtml(r, std::get<std::string>(css));
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co") != std::string::npos);
    CHECK(html.find("@page { size: A4") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("http") == std::string::npos); // no external asset of any kind
    CHECK(html.find("<div class=\"verdict\">PASS</div>") != std::string::npos);
    CHECK(html.find("3 of 4 marks (75.0 %)") != std::string::npos);
    CHECK(html.find("<div class=\"fill ok\" style=\"width:75.0%\"></div><div class=\"mark\" "
                    "style=\"left:50.0%\"></div>") != std::string::npos);
    CHECK(html.find("Time used</th><td>12:34 of 30:00") != std::string::npos);
    CHECK(html.find("See ISO/IEC 20000-1:2018 clause 8.6.1") != std::string::npos);
    CHECK(html.find("1 ITIL Expert credit equivalent</strong>") != std::string::npos);
    CHECK(html.find("superseded by ITIL 4 in 2019") != std::string::npos);

    const auto j = nlohmann::json::parse(renderScoreReportJson(r));
    CHECK(j["format"] == "examsim-score-report");
    CHECK(j["raw"] == 3);
    CHECK(j["max"] == 4);
    CHECK(j["percent"] == 75.0);
    CHECK(j["passed"] == true);
    CHECK(j["time_used"] == "PT12M34.5S");
    CHECK(j["started"] == "2027-01-15T08:00:00Z");
    CHECK(j["credit"]["earned"] == 1.0);
    CHECK(j["by_topic"][0]["key"] == "inc");
    CHECK(j["missed"][0]["question"] == "T-001");
    CHECK(j["missed"][0]["references"][0] == "ISO/IEC 20000-1:2018 clause 8.6.1");

    const std::string csv = renderScoreReportCsv(r);
    CHECK(csv.rfind("section,key,label,questions,correct,earned,available,percent,detail\n", 0) == 0);
    CHECK(csv.find("\ngroup,grp,Group,3,2,3,4,75.0,\n") != std::string::npos);
    CHECK(csv.find("\npart,1,Part 1,3,2,3,4,75.0,\n") != std::string::npos);
    CHECK(csv.find("\nmissed,T-001,Which clause covers incident management?,1,0,0,1,0.0,") !=
          std::string::npos);
    CHECK(csv.find("pass; pass mark 50 %; exam mode; 2027-01-15T08:00:00Z; time used PT12M34.5S; credit "
                   "equivalent 1") != std::string::npos);
}

TEST_CASE("score report refusals: unknown - unfinished and abandoned attempts") {
    TempDir dir;
    auto store = openStore(dir.path() / "p.db");
    CHECK(reportError(*store, "nope") == "no attempt with id \"nope\" in " + (dir.path() / "p.db").string());
    const Learner l = store->createLearner("Cy");
    AssemblyOptions o;
    o.seed = 1;
    const Paper paper = std::get<Paper>(assemblePaper(fixtureBankSet(), *fixtureProfiles().find("mini"), o));
    const std::string open = store->startAttempt(l, paper, AttemptMeta{});
    CHECK(reportError(*store, open) ==
          "attempt " + open +
              " is still in progress: finish it (the same take command resumes it) before making a report");
    store->abandonAttempt(open);
    CHECK(reportError(*store, open) ==
          "attempt " + open + " was abandoned without a result: there is nothing to report");
}

TEST_CASE("cli report: writes HTML - JSON and CSV - takes an id prefix - and refuses what it cannot do") {
    TempDir dir;
    const auto dbPath = dir.path() / "p.db";
    std::string id;
    {
        auto store = openStore(dbPath);
        Sitting s;
        s.wrong = {"T-003"};
        id = sit(*store, store->createLearner("Di"), s);
    }
    const std::string cli = shellQuote(EXAMSIM_CLI_PATH) + " --banks " +
                            shellQuote((sourceDir() / "tests/data").string()) + " --db " +
                            shellQuote(dbPath.string()) + " report ";
    const auto out = dir.path() / "r.csv";
    auto r = run(cli + "--attempt " + id.substr(0, 8) + " --format csv --out " + shellQuote(out.string()));
    CAPTURE(r.output);
    CHECK(r.exitCode == 0);
    CHECK(readFile(out).find("\ngroup,grp,Group,3,2,3,4,75.0,\n") != std::string::npos);
    r = run(cli + "--attempt " + id + " --format json --out -");
    CHECK(r.exitCode == 0);
    CHECK(nlohmann::json::parse(r.output)["percent"] == 75.0);
    r = run(cli + "--attempt " + id + " --out " + shellQuote((dir.path() / "r.html").string()));
    CHECK(r.exitCode == 0);
    CHECK(readFile(dir.path() / "r.html").find("<!DOCTYPE html>") == 0);
    r = run(cli + "--attempt zzz --format csv --out -");
    CHECK(r.exitCode == 1);
    CHECK(r.output == "examsim-cli: no attempt with id \"zzz\" in " + dbPath.string() +
                          " (examsim-cli history --learner NAME --json lists them)\n");
    r = run(cli + "--attempt " + id + " --format csv --out " +
            shellQuote((dir.path() / "no/such/dir/r.csv").string()));
    CHECK(r.exitCode == 1);
    CHECK(r.output == "examsim-cli: cannot write " + (dir.path() / "no/such/dir/r.csv").string() +
                          " (does the folder exist, and may it be written to?)\n");
    r = run("EXAMSIM_DATA_DIR=" + shellQuote(dir.path().string()) + " " + cli + "--attempt " + id +
            " --out -");
    CHECK(r.exitCode == 1);
    CHECK(r.output == "examsim-cli: cannot read the report stylesheet " +
                          (dir.path() / "assets/report/report.css").string() +
                          ": the program's data folder is incomplete (reinstall, or set EXAMSIM_DATA_DIR to "
                          "the folder holding "
                          "assets/)\n");
    r = run(cli + "--attempt " + id + " --format pdf --out -");
    CHECK(r.exitCode == 2);
}
