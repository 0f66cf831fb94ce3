// Issue 8: a GIFT or CSV file made into a new bank document (core/import_bank), as the CLI and the
// Editor's import do it: format by extension, suggested ids, the bank's metadata and the drafts.
#include "core/bank_set.hpp"
#include "core/bank_writer.hpp"
#include "core/import_bank.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;
using examsim::test::readFile;
using examsim::test::TempDir;

namespace {

std::filesystem::path data(const std::string& name) {
    return examsim::test::sourceDir() / "tests/data" / name;
}

BankImportOptions optionsFor(const std::string& file, const std::string& bankId) {
    static const BankSet set = BankSet::load({examsim::test::sourceDir() / "question-banks"});
    BankImportOptions o;
    o.fileName = file;
    o.bankId = bankId;
    for (const Topic* t : set.topics()) o.topics.push_back({t->id, t->title});
    return o;
}

} // namespace

TEST_CASE("import bank: the format by extension and a suggested bank id from the file name") {
    CHECK(importFormatOf("quiz.gift") == ImportFormat::Gift);
    CHECK(importFormatOf("/x/Moodle export.TXT") == ImportFormat::Gift);
    CHECK(importFormatOf("sheet.CSV") == ImportFormat::Csv);
    CHECK_FALSE(importFormatOf("bank.json").has_value());
    CHECK_FALSE(importFormatOf("noextension").has_value());
    CHECK(suggestedBankId("/home/t/Unit 3 quiz.gift") == "unit-3-quiz");
    CHECK(suggestedBankId("/home/t/%%%.csv") == "imported");
    CHECK(importBankIdProblem("unit-3-quiz", {"foundation-sms"}).empty());
    CHECK(importBankIdProblem("foundation-sms", {"foundation-sms"}).find("override") != std::string::npos);
    CHECK_FALSE(importBankIdProblem("", {}).empty());
    CHECK_FALSE(importBankIdProblem("has space", {}).empty());
}

TEST_CASE(
    "import bank: GIFT becomes a bank of drafts with its messages and lines - cognitive level left out") {
    const std::string file = data("gift/all-constructs.gift").string();
    auto options = optionsFor(file, "gift-import");
    options.level = Level::Practitioner;
    const ImportedBank imported = importBank(readFile(file), ImportFormat::Gift, options);
    CHECK(imported.bank.info.id == "gift-import");
    CHECK(imported.bank.info.title == "Imported from all-constructs.gift");
    CHECK(imported.bank.info.authors == std::vector<std::string>{"Unknown author"});
    REQUIRE_FALSE(imported.bank.questions.empty());
    CHECK(imported.bank.questions.size() == imported.result.questions.size());
    for (const auto& q : imported.bank.questions) CHECK(q.level == Level::Practitioner);
    CHECK(imported.omitInDrafts == std::vector<std::string>{"cognitive_level"});

    const std::string errorsFile = data("gift/errors.gift").string();
    const ImportedBank errors =
        importBank(readFile(errorsFile), ImportFormat::Gift, optionsFor(errorsFile, "e"));
    CHECK(errors.result.skipped > 0);
    REQUIRE_FALSE(errors.result.messages.empty());
    CHECK(errors.result.messages.front().line > 0);

    // As the Editor does it: a new document at the user bank path, modified until saved, no errors.
    TempDir dir;
    auto doc = BankDocument::create(dir.path() / "gift-import.json", imported.bank, imported.omitInDrafts);
    CHECK(doc->modified());
    CHECK(doc->text().find("cognitive_level") == std::string::npos);
    CHECK(doc->bank().questions.size() == imported.bank.questions.size());
    const auto findings = doc->validate({examsim::test::sourceDir() / "question-banks"});
    CHECK(count(findings).errors == 0);
    REQUIRE(doc->save().ok);
    CHECK_FALSE(doc->modified());
}

TEST_CASE("import bank: CSV with a given title - author and license") {
    const std::string file = data("csv/questions.csv").string();
    auto options = optionsFor(file, "csv-import");
    options.title = "Unit 3";
    options.author = "A. Trainer";
    options.license = "CC-BY-4.0";
    const ImportedBank imported = importBank(readFile(file), ImportFormat::Csv, options);
    CHECK(imported.bank.info.title == "Unit 3");
    CHECK(imported.bank.info.authors == std::vector<std::string>{"A. Trainer"});
    CHECK(imported.bank.info.license == "CC-BY-4.0");
    CHECK(imported.bank.questions.size() == 4);
    CHECK(imported.result.skipped == 0);
    CHECK(imported.omitInDrafts.empty());
}
