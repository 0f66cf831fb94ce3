// The terminal exam end to end: a real examsim-cli process reading piped answers.
#include "core/answer_input.hpp"
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/scoring.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace examsim::core;
using examsim::test::run;
using examsim::test::shellQuote;
using examsim::test::TempDir;

namespace {

const std::string kCli = shellQuote(EXAMSIM_CLI_PATH);

struct Folder {
    TempDir dir;
    Folder() {
        dir.write("bank.json", examsim::test::readFile(examsim::test::sourceDir() / "tests/data/valid-bank.json"));
        dir.write("exams.json", examsim::test::readFile(examsim::test::sourceDir() / "tests/data/exams-fixture.json"));
    }
    std::string take(const std::string& input, const std::string& args) const {
        TempDir in;
        const auto file = in.write("input.txt", input);
        const auto r = run(kCli + " --banks " + shellQuote(dir.path().string()) + " --db " + shellQuote(db()) +
                           " take --learner Ann " + args + " < " + shellQuote(file.string()));
        lastExit = r.exitCode;
        return r.output;
    }
    std::string db() const { return (dir.path() / "progress.db").string(); }
    mutable int lastExit = -1;
};

// The keys of the paper the program will build for this seed, typed as a learner would.
std::string keysFor(const Folder& f, std::uint64_t seed, std::size_t wrongIndex = 99) {
    const auto banks = BankSet::load({f.dir.path()});
    const auto profiles = loadProfilesFrom({f.dir.path()}, banks);
    AssemblyOptions o;
    o.seed = seed;
    const Paper p = std::get<Paper>(assemblePaper(banks, *profiles.find("mini"), o));
    std::string input;
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        const auto& item = p.items[i];
        if (i == wrongIndex) {
            Answer wrong = keyAnswer(item.question);
            if (item.question.type == QuestionType::TrueFalse) wrong.selected = {wrong.selected[0] == "true" ? "false" : "true"};
            else wrong.selected = {item.question.options[0].id == wrong.selected[0] ? item.question.options[1].id : item.question.options[0].id, item.question.options[2].id};
            input += answerText(item, wrong) + "\n";
        } else {
            input += answerText(item, keyAnswer(item.question)) + "\n";
        }
    }
    return input;
}

} // namespace

TEST_CASE("take: answering every key passes with full marks and the credit equivalent") {
    Folder f;
    const std::string out = f.take(keysFor(f, 5) + "s\n", "--profile mini --seed 5");
    CAPTURE(out);
    CHECK(f.lastExit == 0);
    CHECK(out.find("Mini paper (exam mode) for Ann") != std::string::npos);
    CHECK(out.find("3 questions, 4 marks, 30:00 allowed, pass mark 50 %. Seed 5.") != std::string::npos);
    CHECK(out.find("Result: PASS  4 of 4 marks (100.0 %), pass mark 50 %") != std::string::npos);
    CHECK(out.find("Passed in exam mode: 1 ITIL Expert credit equivalent") != std::string::npos);
}

TEST_CASE("take: the same seed gives the same paper") {
    Folder f;
    // Compare everything but the clock lines, which depend on how fast the machine is.
    auto withoutClock = [](const std::string& out) {
        std::string kept, line;
        std::istringstream in(out);
        while (std::getline(in, line))
            if (line.find("Time ") == std::string::npos) kept += line + "\n";
        return kept;
    };
    const std::string a = withoutClock(f.take("s\n", "--profile mini --seed 11"));
    const std::string b = withoutClock(f.take("s\n", "--profile mini --seed 11"));
    CHECK(a.find("Result: ") != std::string::npos);
    CHECK(a == b);
}

TEST_CASE("take: flag - review - go back - change an answer - and end of input submits") {
    Folder f;
    const std::string keys = keysFor(f, 9);
    const std::string first = keys.substr(0, keys.find('\n'));
    const std::string out = f.take("flag\nreview\n" + first + "\ng 1\nflag\n", "--profile mini --seed 9");
    CAPTURE(out);
    CHECK(out.find("Flagged for review.") != std::string::npos);
    CHECK(out.find("Review: 0 answered, 3 unanswered, 1 flagged") != std::string::npos);
    CHECK(out.find("Flag removed.") != std::string::npos);
    CHECK(out.find("End of input: submitting.") != std::string::npos);
    CHECK(out.find("Answered 1 of 3.") != std::string::npos);
    CHECK(f.lastExit == 0);
}

TEST_CASE("take: bad input is explained and the exam goes on") {
    Folder f;
    const std::string out = f.take("zz\ng 9\n", "--profile mini --seed 3");
    CHECK(out.find("Not understood:") != std::string::npos);
    CHECK(out.find("There is no question 9; use 1 to 3.") != std::string::npos);
}

TEST_CASE("take: study mode shows feedback - explanation and reference after each answer") {
    Folder f;
    const std::string out = f.take(keysFor(f, 4), "--profile mini --seed 4 --mode study");
    CAPTURE(out);
    CHECK(out.find("Correct.") != std::string::npos);
    CHECK(out.find("Reference: ISO/IEC 20000-1:2018 clause") != std::string::npos);
    CHECK(out.find("Passed in exam mode") == std::string::npos); // no credits outside exam mode
}

TEST_CASE("take: usage errors and quitting") {
    Folder f;
    f.take("", "--profile nosuch");
    CHECK(f.lastExit == 2);
    f.take("q\n", "--profile mini --seed 1");
    CHECK(f.lastExit == 1);
    CHECK(run(kCli + " take --help").exitCode == 0);
    CHECK(run(kCli + " take").exitCode == 2); // --learner is required
}

TEST_CASE("take: a drill over a topic") {
    Folder f;
    const std::string out = f.take("", "--mode drill --topics chg --count 5 --seed 2");
    CAPTURE(out);
    CHECK(out.find("Custom drill (drill mode) for Ann") != std::string::npos);
    CHECK(out.find("1 questions, 1 marks") != std::string::npos);
}
