// Issue 9 end to end: examsim-cli due, calibration, readiness, take --mode due and the confidence keys,
// on a database whose answer times are set by the test.
#include "adaptive_fixture.hpp"
#include "core/adaptive_store.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace examsim::core;
using examsim::test::kDaySeconds;
using examsim::test::kT0;
using examsim::test::run;
using examsim::test::shellQuote;
using examsim::test::StudyDb;

namespace {

const std::string kCli = shellQuote(EXAMSIM_CLI_PATH);

const char* kExams = R"({"format": "examsim-exams", "format_version": 1, "profiles": [
  {"id": "sim", "title": "Simulated exam", "levels": ["foundation"], "types": ["single"], "questions": 6,
   "time_limit_minutes": 9, "pass_mark_percent": 50, "credits": 0,
   "blueprint": [{"label": "Topic A", "topics": ["ta"], "count": 2}, {"label": "Topic B", "topics": ["tb"], "count": 2},
                 {"label": "Topic C", "topics": ["tc"], "count": 2}]}]})";

struct Cli {
    StudyDb db{examsim::test::adaptiveBankJson({"ta", "tb", "tc"}, 4)};
    Cli() { db.dir.write("banks/exams.json", kExams); }
    examsim::test::RunResult operator()(const std::string& args, const std::string& input = "") const {
        std::string line = kCli + " --banks " + shellQuote(db.bankDir().string()) + " --db " +
                           shellQuote(db.dbPath().string()) + " " + args;
        if (!input.empty()) line += " < " + shellQuote(db.dir.write("input.txt", input).string());
        return run(line);
    }
};

} // namespace

TEST_CASE("cli: due lists due questions and a 14-day forecast at a given time") {
    Cli cli;
    cli.db.answer("ta-1", false, kT0);   // due T0 + 1 d
    cli.db.answer("tb-1", true, kT0);    // due T0 + 2 d
    cli.db.answer("tc-1", true, kT0, 0); // unsure: Hard, S = w1 = 1.2931, due T0 + 1 d
    const auto r = cli(fmt::format("due --learner Ann --now {} --json", kT0 + 3600));
    CAPTURE(r.output);
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.output);
    CHECK(j["studied"] == 3);
    CHECK(j["due_now"] == 0);
    REQUIRE(j["forecast"].size() == 14);
    CHECK(j["forecast"][0]["due"] == 2);
    CHECK(j["forecast"][1]["due"] == 1);
    const auto later = cli(fmt::format("due --learner Ann --now {}", kT0 + 3 * kDaySeconds));
    CAPTURE(later.output);
    CHECK(later.output.find("Ann: 3 questions studied, 3 due now (2026-05-31T20:26:40Z)") !=
          std::string::npos);
    CHECK(later.output.find("ta-1") < later.output.find("tb-1")); // lowest recall first
    CHECK(cli("due --learner Ann --now 2026-06-01 --json").exitCode == 0);
}

TEST_CASE("cli: due - calibration and readiness refuse bad input with a clear message") {
    Cli cli;
    cli.db.answer("ta-1", true, kT0);
    auto r = cli("due --learner Zed");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find("examsim-cli: no learner named \"Zed\" (see examsim-cli learners)") !=
          std::string::npos);
    r = cli("due --learner Ann --now yesterday");
    CHECK(r.exitCode == 2);
    CHECK(r.output.find("examsim-cli: --now \"yesterday\" is not a time; use 2026-03-01, "
                        "2026-03-01T09:00:00Z or seconds since 1970") != std::string::npos);
    r = cli("due --learner Ann --now 2026-13-01");
    CHECK(r.exitCode == 2);
    r = cli("readiness --learner Ann --level expert");
    CHECK(r.exitCode == 2);
    CHECK(r.output.find("examsim-cli: unknown level \"expert\"; use foundation, practitioner or auditor") !=
          std::string::npos);
    r = cli("readiness --learner Ann --level auditor");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find("examsim-cli: no exam profile covers the auditor level (see examsim-cli profiles)") !=
          std::string::npos);
    r = run(kCli + " --db " + shellQuote((cli.db.dir.path() / "none.db").string()) +
            " calibration --learner Ann");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find("none.db does not exist") != std::string::npos);
    CHECK(cli("calibration").exitCode == 2); // --learner is required
}

TEST_CASE("cli: calibration shows the share right per confidence") {
    Cli cli;
    cli.db.answer("ta-1", true, kT0, 1);
    cli.db.answer("ta-2", false, kT0, 1);
    cli.db.answer("ta-3", false, kT0, 0);
    const auto r = cli("calibration --learner Ann --json");
    CAPTURE(r.output);
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.output)["calibration"];
    CHECK(j[0]["confidence"] == "sure");
    CHECK(j[0]["answers"] == 2);
    CHECK(j[0]["correct"] == 1);
    CHECK(j[1]["confidence"] == "unsure");
    CHECK(j[1]["answers"] == 1);
    CHECK(j[2]["answers"] == 0);
    const auto text = cli("calibration --learner Ann");
    CHECK(text.output.find("  sure           2 answers     1 right   50.0 %") != std::string::npos);
    CHECK(text.output.find("  not given      0 answers     0 right      -") != std::string::npos);
}

TEST_CASE("cli: readiness estimates the pass probability per level") {
    Cli cli;
    for (int i = 0; i < 30; ++i)
        for (const char* t : {"ta", "tb", "tc"})
            cli.db.answer(fmt::format("{}-{}", t, 1 + i % 4), t[1] != 'c' || i % 2 == 0, kT0 + i, -1, false,
                          30'000);
    const auto r = cli("readiness --learner Ann --json");
    CAPTURE(r.output);
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.output);
    REQUIRE(j.size() == 1); // only the foundation level has a profile here
    CHECK(j[0]["level"] == "foundation");
    CHECK(j[0]["profile"] == "sim");
    CHECK(j[0]["questions"] == 6);
    CHECK(j[0]["pass_mark"] == 3);
    CHECK(j[0]["answers"] == 90);
    CHECK(j[0]["pass_probability"].get<double>() > 0.8);
    CHECK(j[0]["study_next"][0]["label"] == "Topic C"); // the half-right topic
    CHECK(j[0]["time_on_task"]["median_ms"] == 30'000);
    const auto text = cli("readiness --learner Ann --level foundation");
    CHECK(text.output.find("Simulated exam (foundation): pass probability") != std::string::npos);
    CHECK(text.output.find("Study next (pass probability gained if a quarter fewer answers there were "
                           "wrong):\n    Topic C") != std::string::npos);
}

TEST_CASE("cli: take --mode due serves due questions and records sure and unsure") {
    Cli cli;
    cli.db.answer("tb-2", false, kT0); // due long ago by the real clock
    // The first question is tb-2 (due), then two new ones. Its key is "a": the letter shown depends on
    // the option order, so answer by the feedback: mark unsure before answering, then sure with an answer.
    const auto r = cli("take --learner Ann --mode due --count 3 --seed 8", "-\nz\n+\nn\nb+\n+\nn\nq\n");
    CAPTURE(r.output);
    CHECK(r.output.find("Due review: 1 due, 2 new.") != std::string::npos);
    CHECK(r.output.find("Due review (foundation) (due mode) for Ann") != std::string::npos);
    CHECK(r.output.find("Marked unsure.") != std::string::npos);
    CHECK(r.output.find("Marked sure.") != std::string::npos);
    CHECK(r.output.find("Confidence is given before the answer is checked: this question is locked.") !=
          std::string::npos);
    const auto records = cli.db.store->reviewRecords(cli.db.learner.id);
    REQUIRE(records.size() == 2); // the stored one and "b+" (the "z" was not understood)
    CHECK(records[1].confidence == 1);
    // The unsure mark stays on the first question, unanswered: not a review.
    auto unknown = cli("take --learner Ann --mode due --level expert --new");
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.output.find(
              "examsim-cli: unknown level \"expert\"; use foundation, practitioner or auditor") !=
          std::string::npos);
}
