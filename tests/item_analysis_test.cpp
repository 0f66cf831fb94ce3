// Item analysis against hand-computed tables: Moodle's quiz statistics on a 6 x 4 marks matrix, option
// counts and review flags, and every kind of bad marks CSV with its exact message.
#include "core/item_analysis.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;

namespace {

// Six attempts x four questions. Totals: a1 3, a2 2, a3 3, a4 1, a5 3.5, a6 1.
const char* kMatrix = "attempt,Q1,Q2,Q3,Q4\n"
                      "a1,1,1,1,0\n"
                      "a2,1,1,0,0\n"
                      "a3,1,0,1,1\n"
                      "a4,0,1,0,0\n"
                      "a5,1,0.5,1,1\n"
                      "a6,0,0,0,1\n";

MarksData parsed(const std::string& text) {
    auto r = parseMarksCsv(text);
    if (auto* e = std::get_if<MarksCsvError>(&r)) FAIL(e->messages.front());
    return std::get<MarksData>(r);
}

std::vector<std::string> csvErrors(const std::string& text) {
    auto r = parseMarksCsv(text);
    REQUIRE(std::holds_alternative<MarksCsvError>(r));
    return std::get<MarksCsvError>(r).messages;
}

const QuestionStats& find(const ItemAnalysis& a, const std::string& id) {
    for (const auto& q : a.questions)
        if (q.questionId == id) return q;
    FAIL("no question " << id);
    return a.questions.front();
}

bool hasFlag(const QuestionStats& q, const std::string& text) {
    for (const auto& f : q.flags)
        if (f.find(text) != std::string::npos) return true;
    return false;
}

} // namespace

// Expected figures: by hand for Q1, and for all of them by an independent stdlib-only python3 script
// (moodle_stats.py, below in outline) whose output is pasted here.
//   Q1 marks 1,1,1,0,1,0: mean 4/6 = 0.666667 = facility; variance (4 x (1/3)^2 + 2 x (2/3)^2)/5 = 0.266667,
//   SD 0.516398. Rest scores 2,1,2,1,2.5,1 (mean 1.583333).
//   The script: pairs (mark, total - mark) per attempt containing the question; mv, ov = sample variances
//   (n - 1); cov = sum (m - m̄)(o - ō)/(s - 1); covmax = the same over sorted(m) zipped with sorted(o);
//   DI = 100 cov/sqrt(mv ov); DE = 100 cov/covmax. Paper: totals t; k2 = n m2/(n - 1),
//   k3 = n² m3/((n - 1)(n - 2)), k4 = n²((n + 1) m4 - 3(n - 1) m2²)/((n - 1)(n - 2)(n - 3)); skew =
//   k3/k2^1.5, kurt = k4/k2²; CIC = 100 p/(p - 1)(1 - Σ mv/k2); ER = 100 sqrt(1 - CIC/100); SE = ER/100 x SD.
//   Output: Q1 {'s': 6, 'facility': 0.666667, 'sd': 0.516398, 'di': 67.99001, 'de': 100.0, 'mv': 0.266667} Q2
//   {'s': 6, 'facility': 0.583333, 'sd': 0.491596, 'di': -44.791401, 'de': -50.0, 'mv': 0.241667} Q3 {'s': 6,
//   'facility': 0.5, 'sd': 0.547723, 'di': 74.535599, 'de': 100.0, 'mv': 0.3} Q4 {'s': 6, 'facility': 0.5,
//   'sd': 0.547723, 'di': -25.264558, 'de': -33.333333, 'mv': 0.3} paper {'mean': 2.25, 'sd': 1.083974,
//   'skew': -0.264982, 'kurt': -2.213671, 'cic': 7.565012, 'er': 96.143116, 'se': 1.042167}
TEST_CASE("item analysis of a full marks matrix matches the hand-computed Moodle table") {
    const auto a = analyseItems(parsed(kMatrix));
    REQUIRE(a.questions.size() == 4);
    struct Row {
        const char* id;
        double facility, sd, di, de;
    };
    const Row expected[] = {{"Q1", 0.666667, 0.516398, 67.99001, 100.0},
                            {"Q2", 0.583333, 0.491596, -44.791401, -50.0},
                            {"Q3", 0.5, 0.547723, 74.535599, 100.0},
                            {"Q4", 0.5, 0.547723, -25.264558, -33.333333}};
    for (const auto& e : expected) {
        CAPTURE(e.id);
        const auto& q = find(a, e.id);
        CHECK(q.attempts == 6);
        CHECK(q.facility == doctest::Approx(e.facility).epsilon(1e-5));
        REQUIRE(q.sd);
        CHECK(*q.sd == doctest::Approx(e.sd).epsilon(1e-5));
        REQUIRE(q.discrimination);
        CHECK(*q.discrimination == doctest::Approx(e.di).epsilon(1e-5));
        REQUIRE(q.efficiency);
        CHECK(*q.efficiency == doctest::Approx(e.de).epsilon(1e-5));
    }
    const auto& p = a.paper;
    CHECK(p.attempts == 6);
    CHECK(p.questions == 4);
    CHECK(p.sameQuestions);
    CHECK(p.maxMark == 4);
    CHECK(p.meanPercent == doctest::Approx(56.25));
    REQUIRE(p.mean);
    CHECK(*p.mean == doctest::Approx(2.25));
    CHECK(*p.sd == doctest::Approx(1.083974).epsilon(1e-5));
    CHECK(*p.skewness == doctest::Approx(-0.264982).epsilon(1e-5));
    CHECK(*p.kurtosis == doctest::Approx(-2.213671).epsilon(1e-5));
    CHECK(*p.cic == doctest::Approx(7.565012).epsilon(1e-5));
    CHECK(*p.errorRatio == doctest::Approx(96.143116).epsilon(1e-5));
    CHECK(*p.standardError == doctest::Approx(1.042167).epsilon(1e-5));
    // Flags: Q2 and Q4 discriminate negatively (and so below 15 % efficiency); Q1 and Q3 are fine.
    CHECK(find(a, "Q1").flags.empty());
    CHECK(find(a, "Q3").flags.empty());
    CHECK(hasFlag(find(a, "Q2"),
                  "negative discrimination (-44.8 %): stronger candidates do worse on it (check the key)"));
    CHECK(hasFlag(find(a, "Q2"), "discriminative efficiency -50.0 % is below 15 %"));
    CHECK(hasFlag(find(a, "Q4"), "negative discrimination (-25.3 %)"));
}

// The same matrix with Q4 not presented to a6. Script output (same script, a6's Q4 = None):
//   gap Q1 {'s': 6, 'facility': 0.666667, 'sd': 0.516398, 'di': 77.39573, 'de': 100.0}
//   gap Q2 {'s': 6, 'facility': 0.583333, 'sd': 0.491596, 'di': -22.136354, 'de': -23.076923}
//   gap Q4 {'s': 5, 'facility': 0.4, 'sd': 0.547723, 'di': 18.463724, 'de': 23.076923}
TEST_CASE("an empty cell means not presented: per-question figures use the attempts that contained it") {
    std::string text = kMatrix;
    text.replace(text.find("a6,0,0,0,1"), 10, "a6,0,0,0,");
    const auto a = analyseItems(parsed(text));
    CHECK(find(a, "Q4").attempts == 5);
    CHECK(find(a, "Q4").facility == doctest::Approx(0.4));
    CHECK(*find(a, "Q4").sd == doctest::Approx(0.547723).epsilon(1e-5));
    CHECK(*find(a, "Q4").discrimination == doctest::Approx(18.463724).epsilon(1e-5));
    CHECK(*find(a, "Q4").efficiency == doctest::Approx(23.076923).epsilon(1e-5));
    CHECK(*find(a, "Q1").discrimination == doctest::Approx(77.39573).epsilon(1e-5));
    CHECK(*find(a, "Q2").discrimination == doctest::Approx(-22.136354).epsilon(1e-5));
    CHECK(*find(a, "Q2").efficiency == doctest::Approx(-23.076923).epsilon(1e-5));
    // Not every attempt saw the same questions: no paper-level reliability figures.
    CHECK_FALSE(a.paper.sameQuestions);
    CHECK_FALSE(a.paper.cic);
    CHECK_FALSE(a.paper.mean);
    // Percentages still compare: a6 scored 0 of 3, the others as before (mean of 75, 50, 75, 25, 87.5, 0).
    CHECK(a.paper.meanPercent == doctest::Approx(52.083333).epsilon(1e-6));
}

TEST_CASE("facility flags and undefined figures when every mark is the same") {
    const auto a = analyseItems(parsed("attempt,Easy,Hard,Mid\nx,1,0,1\ny,1,0,0\nz,1,0.1,1\n"));
    const auto& easy = find(a, "Easy");
    CHECK(easy.facility == 1);
    CHECK(*easy.sd == 0);
    CHECK_FALSE(easy.discrimination); // no variance: the correlation is undefined, as in Moodle
    CHECK_FALSE(easy.efficiency);
    CHECK(hasFlag(easy, "facility 1.00 is above 0.95: almost everyone gets it right"));
    const auto& hard = find(a, "Hard");
    CHECK(hard.facility == doctest::Approx(1.0 / 30));
    CHECK(hasFlag(hard, "facility 0.03 is below 0.2: very few get it right (check the key and the wording)"));
}

TEST_CASE(
    "option counts - a distractor nobody picks - a distractor that beats the key among strong candidates") {
    // Q: key k, distractors d and e. Rest scores (R + S): a1 2, a2 0, a3 1; the top third is a1 alone.
    MarksData data;
    data.attempts = {{"a1", {{"Q", 0, 1, {"d"}}, {"R", 1, 1, {}}, {"S", 1, 1, {}}}},
                     {"a2", {{"Q", 1, 1, {"k"}}, {"R", 0, 1, {}}, {"S", 0, 1, {}}}},
                     {"a3", {{"Q", 1, 1, {"k"}}, {"R", 1, 1, {}}, {"S", 0, 1, {}}}}};
    data.items = {{"Q", {{"k", "Key", true}, {"d", "Tempting", false}, {"e", "Ignored", false}}}};
    const auto a = analyseItems(data);
    const auto& q = find(a, "Q");
    CHECK(q.strongCandidates == 1);
    REQUIRE(q.options.size() == 3);
    CHECK(q.options[0].chosen == 2);
    CHECK(q.options[0].share == doctest::Approx(2.0 / 3));
    CHECK(q.options[0].chosenByStrong == 0);
    CHECK(q.options[1].chosen == 1);
    CHECK(q.options[1].chosenByStrong == 1);
    CHECK(q.options[2].chosen == 0);
    CHECK(hasFlag(q, "distractor \"e\" is never chosen"));
    CHECK(hasFlag(
        q, "among the 1 strongest candidates, distractor \"d\" is chosen more often (1) than the key (0)"));
    CHECK_FALSE(hasFlag(q, "distractor \"d\" is never chosen"));
    CHECK(find(a, "R").options.empty()); // no option data, no option figures
}

TEST_CASE("known questions in a marks CSV are weighed by their marks") {
    auto data = parsed(kMatrix);
    const auto weighed = applyQuestionMarks(data, [](const std::string& id) -> std::optional<double> {
        if (id == "Q2") return 2.0;
        return std::nullopt;
    });
    CHECK(weighed == 1);
    const auto a = analyseItems(data);
    const auto& q2 = find(a, "Q2");
    CHECK(q2.maxMark == 2);
    CHECK(q2.meanMark == doctest::Approx(7.0 / 6));                // 2 + 2 + 0 + 2 + 1 + 0 marks over 6
    CHECK(q2.facility == doctest::Approx(0.583333).epsilon(1e-5)); // unchanged: a fraction of the max
    CHECK(*q2.sd == doctest::Approx(0.491596).epsilon(1e-5));
    CHECK(a.paper.maxMark == 5);
    CHECK(*a.paper.mean == doctest::Approx(2.25 + 3.5 / 6)); // Q2's marks count twice
    // The other questions' rest scores now weigh Q2 double: Q1's discrimination changes.
    CHECK(*find(a, "Q1").discrimination != doctest::Approx(67.99001).epsilon(1e-5));
}

TEST_CASE("question stats sort by any figure with missing values last") {
    auto a = analyseItems(parsed(kMatrix));
    sortQuestionStats(a.questions, *itemSortKeyFromString("discrimination"));
    CHECK(a.questions[0].questionId == "Q2");
    CHECK(a.questions[3].questionId == "Q3");
    sortQuestionStats(a.questions, ItemSortKey::Question);
    CHECK(a.questions[0].questionId == "Q1");
    CHECK_FALSE(itemSortKeyFromString("colour"));
}

TEST_CASE("marks CSV errors are reported with line - column and what to do") {
    CHECK(csvErrors("") ==
          std::vector<std::string>{
              "the file is empty: the first line must be the header \"attempt,<question id>,...\""});
    CHECK(csvErrors("learner,Q1\nx,1\n") ==
          std::vector<std::string>{
              "line 1: the header must be \"attempt\" followed by the question ids, not \"learner,Q1\""});
    CHECK(csvErrors("attempt\nx\n") ==
          std::vector<std::string>{
              "line 1: the header names no questions: write \"attempt,<question id>,...\""});
    CHECK(csvErrors("attempt,Q1,,Q1\n") ==
          std::vector<std::string>{"line 1, column 3: the question id is empty",
                                   "line 1, column 4: question \"Q1\" appears twice (also column 2)"});
    CHECK(csvErrors("attempt,Q1\n") == std::vector<std::string>{"the file has a header but no attempts"});
    CHECK(csvErrors("attempt,Q1,Q2\nx,1,0\ny,1\nz,1,0,1\n") ==
          std::vector<std::string>{"line 3: 2 cells where the header has 3",
                                   "line 4: 4 cells where the header has 3"});
    CHECK(csvErrors("attempt,Q1\nx,1\ny,0\nx,0\n") ==
          std::vector<std::string>{"line 4: attempt \"x\" appears twice (first on line 2)"});
    CHECK(csvErrors("attempt,Q1\n,1\n") == std::vector<std::string>{"line 2: the attempt id is empty"});
    CHECK(csvErrors("attempt,Q1,Q2\nx,abc,1x\n") ==
          std::vector<std::string>{"line 2, column 2 (Q1): \"abc\" is not a number",
                                   "line 2, column 3 (Q2): \"1x\" is not a number"});
    CHECK(csvErrors("attempt,Q1,Q2\nx,1.5,-0.25\n") ==
          std::vector<std::string>{"line 2, column 2 (Q1): 1.5 is out of range: a mark is a fraction of the "
                                   "question's maximum, 0 to 1",
                                   "line 2, column 3 (Q2): -0.25 is out of range: a mark is a fraction of "
                                   "the question's maximum, 0 to 1"});
    CHECK(csvErrors("attempt,Q1\nx,nan\n") ==
          std::vector<std::string>{"line 2, column 2 (Q1): \"nan\" is not a number"});
}

TEST_CASE("marks CSV accepts quotes - CRLF - a BOM - spaces and blank lines") {
    const auto d = parsed("\xEF\xBB\xBF"
                          "attempt,\"Q,1\", Q2 \r\n\r\n\"a \"\"1\"\"\", 0.5 ,\r\n");
    REQUIRE(d.attempts.size() == 1);
    CHECK(d.attempts[0].attemptId == "a \"1\"");
    REQUIRE(d.attempts[0].items.size() == 1);
    CHECK(d.attempts[0].items[0].questionId == "Q,1");
    CHECK(d.attempts[0].items[0].mark == 0.5);
    examsim::test::TempDir dir;
    auto r = readMarksCsv(dir.path() / "missing.csv");
    REQUIRE(std::holds_alternative<MarksCsvError>(r));
    CHECK(std::get<MarksCsvError>(r).messages[0] == "cannot read " + (dir.path() / "missing.csv").string());
}
