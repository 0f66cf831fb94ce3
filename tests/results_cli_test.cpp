// item-stats, paper, regrade and errata end to end through a real examsim-cli process.
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/store/progress_store.hpp"
#include "test_util.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using examsim::test::run;
using examsim::test::RunResult;
using examsim::test::shellQuote;
using examsim::test::TempDir;

namespace {

const std::string kCli = shellQuote(EXAMSIM_CLI_PATH);

struct Folder {
    TempDir dir;
    Folder() { examsim::test::writeFixtureBanks(dir); }
    RunResult cli(const std::string& args) const {
        return run(kCli + " --banks " + shellQuote(dir.path().string()) + " --db " +
                   shellQuote((dir.path() / "progress.db").string()) + " " + args);
    }
    std::string path(const std::string& name) const { return shellQuote((dir.path() / name).string()); }
};

const char* kMatrix =
    "attempt,Q1,Q2,Q3,Q4\na1,1,1,1,0\na2,1,1,0,0\na3,1,0,1,1\na4,0,1,0,0\na5,1,0.5,1,1\na6,0,0,0,1\n";

} // namespace

TEST_CASE("item-stats on a marks CSV prints the Moodle figures - as a table and as JSON") {
    Folder f;
    f.dir.write("marks.csv", kMatrix);
    const auto text = f.cli("item-stats --marks " + f.path("marks.csv") + " --sort discrimination");
    CAPTURE(text.output);
    CHECK(text.exitCode == 0);
    CHECK(text.output.find("6 attempts, 4 questions") != std::string::npos);
    CHECK(text.output.find("mean 2.25 marks, SD 1.08, skewness -0.26, kurtosis -2.21") != std::string::npos);
    CHECK(text.output.find("coefficient of internal consistency (Cronbach's alpha) 7.57 %, error ratio 96.14 "
                           "%, standard error 1.04 marks") != std::string::npos);
    // Sorted by discrimination: Q2 (-44.79) first, Q3 (74.54) last.
    CHECK(text.output.find("Q2 ") < text.output.find("Q4 "));
    CHECK(text.output.find("Q1 ") < text.output.find("Q3 "));
    CHECK(text.output.find(
              "Q2                              6      58.33    49.16          -44.79          -50.00  2") !=
          std::string::npos);
    CHECK(text.output.find("Q2: negative discrimination (-44.8 %)") != std::string::npos);

    const auto js = f.cli("item-stats --json --marks " + f.path("marks.csv"));
    REQUIRE(js.exitCode == 0);
    const auto j = nlohmann::json::parse(js.output);
    CHECK(j["paper"]["cic"].get<double>() == doctest::Approx(7.565012).epsilon(1e-5));
    CHECK(j["questions"][0]["question"] == "Q1");
    CHECK(j["questions"][0]["discrimination_index"].get<double>() == doctest::Approx(67.99001).epsilon(1e-5));
    CHECK(j["questions"][0]["discriminative_efficiency"].get<double>() == doctest::Approx(100));
}

TEST_CASE("item-stats weighs the questions of a marks CSV that the banks know by their marks") {
    Folder f;
    f.dir.write("marks.csv", "attempt,T-001,T-002,X-1\nx,1,0.5,1\ny,0,1,0\n");
    const auto r = f.cli("item-stats --json --marks " + f.path("marks.csv"));
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.output);
    CHECK(j["source"].get<std::string>().find("(2 questions weighed by their marks in the banks)") !=
          std::string::npos);
    CHECK(j["questions"][1]["max_mark"] == 2);    // T-002 is worth 2 marks
    CHECK(j["questions"][1]["mean_mark"] == 1.5); // (0.5 x 2 + 1 x 2) / 2
    CHECK(j["questions"][1]["facility"] == 0.75);
    CHECK(j["questions"][2]["max_mark"] == 1); // unknown to the banks: a fraction of 1
    CHECK(j["paper"]["max_mark"] == 4);
}

TEST_CASE("item-stats refuses bad input with a message and exit code") {
    Folder f;
    f.dir.write("bad.csv", "attempt,Q1\nx,2\n");
    auto r = f.cli("item-stats --marks " + f.path("bad.csv"));
    CHECK(r.exitCode == 1);
    CHECK(r.output == (f.dir.path() / "bad.csv").string() +
                          ": line 2, column 2 (Q1): 2 is out of range: a mark is a "
                          "fraction of the question's maximum, 0 to 1\n");
    r = f.cli("item-stats --from 2026-02-30");
    CHECK(r.exitCode == 2);
    CHECK(r.output == "examsim-cli: --from \"2026-02-30\" is not a date: use YYYY-MM-DD\n");
    r = f.cli("item-stats --marks " + f.path("bad.csv") + " --team red");
    CHECK(r.exitCode == 2);
    CHECK(r.output.find("they do not apply to --marks") != std::string::npos);
    r = f.cli("item-stats --sort colour");
    CHECK(r.exitCode == 2);
}

TEST_CASE(
    "paper writes the paper and its key - take answers with the key - then regrade - history - errata") {
    Folder f;
    auto r =
        f.cli("paper --profile mini --seed 5 --out " + f.path("paper.html") + " --key " + f.path("key.html"));
    CAPTURE(r.output);
    REQUIRE(r.exitCode == 0);
    const auto banks = examsim::core::BankSet::load({f.dir.path()});
    const auto profiles = examsim::core::loadProfilesFrom({f.dir.path()}, banks);
    examsim::core::AssemblyOptions o;
    o.seed = 5;
    const auto paper =
        std::get<examsim::core::Paper>(examsim::core::assemblePaper(banks, *profiles.find("mini"), o));
    std::string header = "attempt";
    for (const auto& item : paper.items) header += "," + item.question.id;
    CHECK(r.output.find("Marks CSV header for item-stats --marks:\n" + header) != std::string::npos);
    const auto html = examsim::test::readFile(f.dir.path() / "paper.html");
    CHECK(html.find("<!DOCTYPE html>") == 0);
    CHECK(html.find("data-question=\"" + paper.items[0].question.id + "\"") != std::string::npos);
    CHECK(examsim::test::readFile(f.dir.path() / "key.html").find("Answer key: Mini paper") !=
          std::string::npos);
    CHECK(f.cli("paper --profile nope --seed 1 --out " + f.path("x.html")).exitCode == 2);

    // Bob sits the paper in the terminal: T-001 wrong (b), the rest right.
    std::string input;
    for (const auto& item : paper.items) {
        const auto& q = item.question;
        if (q.id == "T-001") {
            for (std::size_t k = 0; k < item.optionOrder.size(); ++k)
                if (q.options[static_cast<std::size_t>(item.optionOrder[k])].id == "b")
                    input += std::string(1, static_cast<char>('a' + k)) + "\n";
        } else if (q.id == "T-002") {
            std::string letters;
            for (std::size_t k = 0; k < item.optionOrder.size(); ++k) {
                const auto& id = q.options[static_cast<std::size_t>(item.optionOrder[k])].id;
                if (id == "a" || id == "b")
                    letters += std::string(letters.empty() ? "" : ",") + static_cast<char>('a' + k);
            }
            input += letters + "\n";
        } else {
            input += "t\n";
        }
    }
    f.dir.write("input.txt", input + "s\n");
    r = f.cli("take --learner Bob --profile mini --seed 5 < " + f.path("input.txt"));
    REQUIRE(r.exitCode == 0);
    CHECK(r.output.find("Result: PASS  3 of 4 marks (75.0 %)") != std::string::npos);

    // The trainer corrects the key of T-001 to b.
    std::string bank = examsim::test::readFile(f.dir.path() / "bank.json");
    const std::string from = "\"key\": \"a\",\n      \"explanation\": \"Incident management is 8.6.1.\"";
    bank.replace(bank.find(from), from.size(),
                 "\"key\": \"b\",\n      \"explanation\": \"Incident management is 8.6.1.\"");
    f.dir.write("bank.json", bank);
    r = f.cli("regrade --question T-001 --dry-run");
    CHECK(r.exitCode == 0);
    CHECK(r.output.find(
              "Regrade of T-001 against its current key: 1 uses in finished attempts, 1 to change.") !=
          std::string::npos);
    CHECK(r.output.find("0 -> 1") != std::string::npos);
    CHECK(r.output.find("3 -> 4/4") != std::string::npos);
    CHECK(r.output.find("75.0 -> 100.0 %") != std::string::npos);
    CHECK(r.output.find("Dry run: nothing was written.") != std::string::npos);
    CHECK(f.cli("history --learner Bob").output.find("3/4") != std::string::npos);
    r = f.cli("regrade --question T-001");
    CHECK(r.output.find("Appended 1 adjustment records") != std::string::npos);
    r = f.cli("regrade --question T-001");
    CHECK(r.output.find("Nothing to change: every attempt already matches the current key.") !=
          std::string::npos);
    r = f.cli("history --learner Bob");
    CHECK(r.output.find("4/4") != std::string::npos);
    CHECK(r.output.find("100.0%") != std::string::npos);
    CHECK(r.output.find("(regraded: stored 3/4)") != std::string::npos);
    const auto hj = nlohmann::json::parse(f.cli("history --learner Bob --json").output);
    CHECK(hj["attempts"][0]["score"] == 4);
    CHECK(hj["attempts"][0]["stored_score"] == 3);
    CHECK(hj["attempts"][0]["adjustments"] == 1);
    r = f.cli("regrade --question T-404");
    CHECK(r.exitCode == 1);
    CHECK(r.output == "examsim-cli: no question \"T-404\" in the loaded banks\n");

    // Errata.
    r = f.cli("errata add --learner Bob --question T-003 --kind unclear --text \"Which edition?\"");
    CHECK(r.exitCode == 0);
    CHECK(r.output == "Recorded report 1 on T-003 (unclear).\n");
    const std::string attempt = hj["attempts"][0]["id"];
    r = f.cli("errata add --learner Bob --question " + paper.items[0].question.id +
              " --kind key-wrong --attempt " + attempt + " --position 1");
    CHECK(r.output == "Recorded report 2 on " + paper.items[0].question.id + " (key-wrong).\n");
    r = f.cli("errata add --learner Bob --question T-003 --kind key-wrong --position 1");
    CHECK(r.exitCode == 2);
    CHECK(r.output == "examsim-cli: --position needs --attempt\n");
    r = f.cli("errata add --learner Nobody --question T-003 --kind unclear");
    CHECK(r.exitCode == 1);
    CHECK(r.output == "examsim-cli: no learner named \"Nobody\"\n");
    r = f.cli("errata add --learner Bob --question T-003 --kind other");
    CHECK(r.output == "examsim-cli: say what the problem is: a report of kind \"other\" needs a text\n");
    CHECK(f.cli("errata add --learner Bob --question T-003 --kind wrong").exitCode == 2);
    r = f.cli("errata list");
    CHECK(r.output.find("T-003") != std::string::npos);
    CHECK(r.output.find("Which edition?") != std::string::npos);
    const auto ej = nlohmann::json::parse(f.cli("errata list --json").output);
    REQUIRE(ej.size() == 2);
    CHECK(ej[0]["kind"] == "unclear");
    CHECK(ej[1]["position"] == 1);
    CHECK(ej[1]["attempt"] == attempt);
    CHECK(ej[0]["statistics"]["attempts"] == 1);
    CHECK(ej[0]["statistics"]["facility"] == 1.0);
    r = f.cli("errata resolve 1 --note \"reworded\"");
    CHECK(r.output == "Report 1 on T-003 resolved.\n");
    r = f.cli("errata resolve 1");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find("examsim-cli: report 1 was already resolved on ") == 0);
    CHECK(f.cli("errata resolve 7").output == "examsim-cli: no report 7\n");
    CHECK(f.cli("errata resolve 2").exitCode == 0);
    CHECK(f.cli("errata list --open").output.find("No reports.") != std::string::npos);

    // A damaged snapshot ends the command with a message, not a crash.
    {
        SQLite::Database db((f.dir.path() / "progress.db").string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE question_snapshots SET json = 'not json'");
    }
    r = f.cli("item-stats");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find("examsim-cli: a stored question snapshot cannot be read: ") == 0);
}
