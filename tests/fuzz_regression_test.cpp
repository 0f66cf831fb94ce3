// Replays, through the fuzzers' own entry functions, every input kept in tests/data/fuzz-regressions/
// and one shipped seed per target, so the normal (gcc) build checks what the fuzzers once found.
#include "core/bank_loader.hpp"
#include "core/profile.hpp"
#include "core/records/records_bundle.hpp"
#include "core/source_file.hpp"
#include "fuzz/fuzz_entries.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
using examsim::test::readFile;
using examsim::test::sourceDir;

namespace {

const std::vector<std::pair<std::string, std::string>> kTargets = {
    {"bank_loader", "question-banks/foundation-sms.json"},
    {"profile_loader", "question-banks/exams.json"},
    {"gift_import", "tests/data/gift/all-constructs.gift"},
    {"csv_import", "tests/data/csv/questions.csv"},
    {"records_bundle", "docs/examples/records-bundle.json"},
};

} // namespace

TEST_CASE("fuzz entries accept a shipped seed of each target") {
    examsim::fuzz::setDataDir(sourceDir() / "question-banks");
    for (const auto& [name, seed] : kTargets) {
        const std::string& target = name; // CAPTURE takes it in a lambda: not a structured binding (clang 14)
        CAPTURE(target);
        const auto entry = examsim::fuzz::entryNamed(target);
        const bool known = entry != nullptr; // doctest cannot print a function pointer
        REQUIRE(known);
        const std::string text = readFile(sourceDir() / seed);
        REQUIRE(!text.empty());
        CHECK_NOTHROW(entry(text));
    }
    const bool unknown = examsim::fuzz::entryNamed("no_such_target") == nullptr;
    CHECK(unknown);
}

TEST_CASE("fuzz regressions replay without a crash") {
    examsim::fuzz::setDataDir(sourceDir() / "question-banks");
    const fs::path root = sourceDir() / "tests/data/fuzz-regressions";
    REQUIRE(fs::is_directory(root));
    int replayed = 0;
    for (const auto& dir : fs::directory_iterator(root)) {
        if (!dir.is_directory()) continue;
        const std::string target = dir.path().filename().string();
        CAPTURE(target);
        const auto entry = examsim::fuzz::entryNamed(target);
        const bool known = entry != nullptr;
        REQUIRE_MESSAGE(known, "a folder named after no fuzz target");
        for (const auto& file : fs::directory_iterator(dir.path())) {
            CAPTURE(file.path().filename().string());
            CHECK_NOTHROW(entry(readFile(file.path())));
            ++replayed;
        }
    }
    MESSAGE("replayed " << replayed << " regression inputs");
}

// Found by fuzz_records_bundle: json::parse throws out_of_range (not parse_error) for a number beyond a
// double, which escaped the loaders that caught only parse errors.
TEST_CASE("a number beyond a double is a message and not a crash") {
    using namespace examsim::core;
    const std::string expected = "number overflow parsing '1e999': a number must fit in a double (at most about 1.8e308)";
    const BankFileResult bank = loadBankFile(SourceFile("big.json", "{\n  \"a\": 1e999}"));
    REQUIRE(bank.diagnostics.size() == 1);
    CHECK(bank.diagnostics[0].message == expected);
    CHECK(bank.diagnostics[0].line == 2);
    CHECK(bank.diagnostics[0].column == 8);

    examsim::test::TempDir dir;
    const ProfileSet profiles = loadProfiles(dir.write("exams.json", R"({"profiles": [1e999]})"));
    REQUIRE(profiles.diagnostics.size() == 1);
    CHECK(profiles.diagnostics[0].message == expected);

    const auto records = readRecordsBundle(R"({"format": 1e999})", "big.json");
    REQUIRE(std::holds_alternative<BundleError>(records));
    CHECK(std::get<BundleError>(records).message == "big.json: not valid JSON (number overflow parsing '1e999')");
}
