// Lint (issue 8): a fixture bank that triggers each check exactly once, hand-computed statistics, the
// health score, the per-question API an editor calls, and the lint command.
#include "core/bank_set.hpp"
#include "core/lint.hpp"
#include "core/source_file.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace examsim::core;
using examsim::test::run;
using examsim::test::shellQuote;
using examsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kCli = shellQuote(EXAMSIM_CLI_PATH);
fs::path lintDir() {
    return examsim::test::sourceDir() / "tests/data/lint";
}

std::vector<std::string> lines(const std::vector<LintFinding>& fs) {
    std::vector<std::string> out;
    for (const auto& f : fs) out.push_back(format(f));
    return out;
}

} // namespace

TEST_CASE("lint: the fixture triggers each check exactly once") {
    const BankSet set = BankSet::load({lintDir()});
    REQUIRE(set.counts().errors == 0);
    const LintReport report = lintBanks(set, {lintDir()});
    const std::string bank = (lintDir() / "lint-bank.json").string();
    const std::string exams = (lintDir() / "exams.json").string();
    CHECK(
        lines(report.findings) ==
        std::vector<std::string>{
            bank +
                R"(:82:15: /questions/1/stem: near-duplicate: the stem is 86 % like the stem of L-01 in bank "lint-fixture" (fix: merge the two questions, or make them test different facts))",
            bank +
                R"(:123:15: /questions/2/stem: negative-stem: the stem asks a negative question with "not" not in capitals (fix: write "NOT" in capitals, or ask the question positively))",
            bank +
                R"(:178:19: /questions/3/options/2/text: all-none-of-the-above: option "c" says "all of the above" (fix: replace it with a plausible distractor (docs/writing-questions.md)))",
            bank +
                R"(:212:9: /questions/4/options/1: missing-rationale: option b has no rationale (fix: say for each option why it is right or wrong))",
            bank +
                R"(:259:19: /questions/5/options/2/text: option-length: option "c" has 74 characters, the others 17 (median): 4.4 times as long (fix: make the options similar in length, so length gives nothing away))",
            bank +
                R"(:363:5: /questions/8: missing-explanation: the question has no explanation (fix: add an explanation: why the key is right, in one to three sentences))",
            bank +
                R"(:403:5: /questions/9: missing-reference: the question has no reference (fix: add a reference such as {"part": "1", "edition": 2018, "clause": "8.6.1"}))",
            bank +
                R"(:35:16: /questions: key-longest: the key is the longest option in 9 of 10 single-answer questions; chance gives 2.5 (z = 4.75) (fix: lengthen distractors or shorten keys (for example L-01, L-02, L-03, L-04, L-05, ...)))",
            bank +
                R"(:35:16: /questions: key-position: key positions of 10 single-answer questions are unbalanced (chi-square 30.00, df 3, p = 1.4e-06): a: 10 (2.5 expected), b: 0 (2.5 expected), c: 0 (2.5 expected), d: 0 (2.5 expected) (fix: move keys from the crowded positions to the rare ones))",
            exams +
                R"(:24:20: /profiles/0/blueprint/0/count: blueprint-coverage: profile "lint-mini" draws 5 questions for "Incidents" from 8 available (fix: write at least 2 more questions on inc (twice the draw gives papers variety)))",
        });
    // Health: 3 of 10 questions are clean (30), minus 10 for each of the 2 bank-level findings.
    REQUIRE(report.health.size() == 1);
    CHECK(report.health[0].questions == 10);
    CHECK(report.health[0].questionsWithFindings == 7);
    CHECK(report.health[0].bankFindings == 2);
    CHECK(report.health[0].score == 10);
    // --bank leaves out the blueprint checks.
    CHECK(lintBanks(set, {lintDir()}, "lint-fixture").findings.size() == 9);
    CHECK(lintBanks(set, {lintDir()}, "nothing").findings.empty());
}

TEST_CASE("lint: the statistics against hand-computed values") {
    // Chi-square critical values at 5 %: 3.841 (df 1), 7.815 (df 3); 30 with df 3 is about 1.38e-6.
    CHECK(chiSquareP(3.841, 1) == doctest::Approx(0.05).epsilon(0.001));
    CHECK(chiSquareP(7.815, 3) == doctest::Approx(0.05).epsilon(0.001));
    CHECK(chiSquareP(30.0, 3) == doctest::Approx(1.38e-6).epsilon(0.01));
    CHECK(chiSquareP(0.0, 3) == 1.0);
    CHECK(chiSquareP(2.366, 3) == doctest::Approx(0.5).epsilon(0.001));
    // Bigrams "a b", "b c", "c d" against "a b", "b c", "c e": 2 shared of 4 distinct.
    CHECK(stemSimilarity("A b c d", "a, b c E?") == doctest::Approx(0.5));
    CHECK(stemSimilarity("same words here", "Same words here.") == doctest::Approx(1.0));
    CHECK(stemSimilarity("", "") == 0.0);
}

TEST_CASE("lint: per-question checks for an editor") {
    const BankSet set = BankSet::load({lintDir()});
    Question q = set.banks()[0].questions[6]; // L-07, clean
    q.pointer = "/questions/6";
    CHECK(lintQuestion(q, set).empty());

    q.stem = "Which of these is LEAST likely, EXCEPT in a crisis, and NOT urgent?";
    CHECK(lintQuestion(q, set).empty()); // capitals are the emphasis
    q.stem = "Which requirement is not met? Which one is not fully met?";
    CHECK(lintQuestion(q, set).empty()); // an auditor's nonconformity question
    q.stem = "Which structure did the 2018 edition adopt that the 2011 edition did not use?";
    CHECK(lintQuestion(q, set).empty()); // a relative clause
    q.stem = "At the least, which record must be kept?";
    CHECK(lintQuestion(q, set).empty());
    q.stem = "A supplier failed. All of the following are required except which?";
    auto f = lintQuestion(q, set);
    REQUIRE(f.size() == 1);
    CHECK(f[0].pointer == "/questions/6/stem");
    CHECK(f[0].message == R"(the stem asks a negative question with "except" not in capitals)");
    CHECK(f[0].fix == R"(write "EXCEPT" in capitals, or ask the question positively)");

    q.stem = set.banks()[0].questions[7].stem; // a copy of L-08's stem
    q.options[3].text = "None of the above";
    q.explanation.clear();
    f = lintQuestion(q, set);
    std::vector<std::string> checks;
    for (const auto& x : f) checks.push_back(x.check);
    CHECK(checks ==
          std::vector<std::string>{"near-duplicate", "all-none-of-the-above", "missing-explanation"});
    CHECK(f[0].message == R"(the stem is 100 % like the stem of L-08 in bank "lint-fixture")");
    CHECK(f[0].related == "L-08");

    // locate() places findings in the text the editor holds.
    SourceFile src("edited.json", examsim::test::readFile(lintDir() / "lint-bank.json"));
    locate(f, src);
    CHECK(f[1].file == "edited.json");
    CHECK(f[1].line == 305); // "text" of option d of L-07
    CHECK(f[1].column == 19);
}

TEST_CASE("lint: shipped banks and the command") {
    const auto r = run(kCli + " --banks " + shellQuote(lintDir().string()) + " lint");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find(
              "bank lint-fixture: health 10/100 (10 questions, 7 with findings, 2 bank-level findings)\n") !=
          std::string::npos);

    const auto j =
        run(kCli + " --banks " + shellQuote(lintDir().string()) + " lint --json --bank lint-fixture");
    REQUIRE(j.exitCode == 1);
    const auto doc = nlohmann::json::parse(j.output);
    CHECK(doc["banks"][0]["health"] == 10);
    CHECK(doc["findings"].size() == 9);
    CHECK(doc["findings"][0]["check"] == "near-duplicate");
    CHECK(doc["findings"][0]["line"] == 82);
    CHECK(doc["findings"][0]["column"] == 15);
    CHECK(doc["findings"][0]["pointer"] == "/questions/1/stem");
    CHECK(doc["findings"][0]["question"] == "L-02");

    const auto none = run(kCli + " --banks " + shellQuote(lintDir().string()) + " lint --bank nope");
    CHECK(none.exitCode == 1);
    CHECK(none.output == "no loaded bank has id \"nope\" (run examsim-cli validate)\n");

    // A clean bank exits 0.
    TempDir dir;
    nlohmann::json bank = nlohmann::json::parse(examsim::test::readFile(lintDir() / "lint-bank.json"));
    bank["questions"] = nlohmann::json::array({bank["questions"][6]});
    dir.write("clean.json", bank.dump(2));
    const auto clean = run(kCli + " --banks " + shellQuote(dir.path().string()) + " lint");
    CHECK(clean.exitCode == 0);
    CHECK(clean.output ==
          "bank lint-fixture: health 100/100 (1 questions, 0 with findings, 0 bank-level findings)\n");
}
