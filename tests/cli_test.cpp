// examsim-cli from the outside: output and exit codes, as trainers and scripts see them.
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using examsim::test::run;
using examsim::test::shellQuote;
using examsim::test::TempDir;

namespace {
const std::string kCli = shellQuote(EXAMSIM_CLI_PATH);
std::string fixture() { return (examsim::test::sourceDir() / "tests/data/valid-bank.json").string(); }
} // namespace

TEST_CASE("validate: a valid bank exits 0 and prints warnings and a summary") {
    const auto r = run(kCli + " validate " + shellQuote(fixture()));
    CHECK(r.exitCode == 0);
    CHECK(r.output == fixture() + R"(:103:14: /questions/6/key: warning: key "z" names no option (options: a, b))" + "\n" +
                          "1 bank file, 1 loaded, 7 questions: 0 errors, 1 warning\n");
    CHECK(run(kCli + " validate --strict " + shellQuote(fixture())).exitCode == 1);
    CHECK(run(kCli + " validate --quiet " + shellQuote(fixture())).output == "1 bank file, 1 loaded, 7 questions: 0 errors, 1 warning\n");
}

TEST_CASE("validate: errors exit 1 - and every file is reported") {
    TempDir dir;
    dir.write("good.json", examsim::test::readFile(fixture()));
    dir.write("bad.json", "{\n  \"format\": \"examsim-bank\",\n  \"bank\": 3\n");
    const auto r = run(kCli + " validate " + shellQuote(dir.path().string()));
    CHECK(r.exitCode == 1);
    CHECK(r.output.find(dir.path().string() + "/bad.json:4:1: (document): error: syntax error:") != std::string::npos);
    CHECK(r.output.find("2 bank files, 1 loaded, 7 questions: 1 error, 1 warning\n") != std::string::npos);
}

TEST_CASE("validate: usage errors exit 2") {
    CHECK(run(kCli + " validate --no-such-flag").exitCode == 2);
    CHECK(run(kCli).exitCode == 2);
    CHECK(run(kCli + " frobnicate").exitCode == 2);
    CHECK(run(kCli + " --help").exitCode == 0);
    CHECK(run(kCli + " validate --help").exitCode == 0);
}

TEST_CASE("stats --json is machine-readable") {
    TempDir dir;
    dir.write("bank.json", examsim::test::readFile(fixture()));
    const auto r = run(kCli + " --banks " + shellQuote(dir.path().string()) + " stats --json 2>/dev/null");
    REQUIRE(r.exitCode == 0);
    const auto j = nlohmann::json::parse(r.output);
    CHECK(j["levels"]["foundation"]["questions"] == 3);
    CHECK(j["topics"]["inc"]["questions"] == 5);
    // --banks also works after the subcommand.
    const auto r2 = run(kCli + " stats --banks " + shellQuote(dir.path().string()));
    CHECK(r2.exitCode == 0);
    CHECK(r2.output.find("1 banks, 6 ready questions") == 0);
}
