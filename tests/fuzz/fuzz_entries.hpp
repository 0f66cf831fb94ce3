// The entry functions of the libFuzzer targets (tests/fuzz/), shared with the doctest suite that
// replays every input that ever crashed (tests/data/fuzz-regressions/), so both run the same code.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace examsim::fuzz {

// The shipped question-banks folder (topics, banks, exams.json); the fuzzers use its taxonomy.
void setDataDir(const std::filesystem::path& questionBanks);

// Each takes one input as the file's text. They return normally for any input; a broken invariant
// calls std::abort() after printing what broke, so libFuzzer records a crash.
void fuzzBankLoader(std::string_view data);
void fuzzProfileLoader(std::string_view data);
void fuzzGiftImport(std::string_view data);
void fuzzCsvImport(std::string_view data);
void fuzzRecordsBundle(std::string_view data);

// The entry of a target by its name ("bank_loader", "profile_loader", "gift_import", "csv_import",
// "records_bundle"); nullptr when unknown.
using Entry = void (*)(std::string_view);
Entry entryNamed(std::string_view target);

} // namespace examsim::fuzz
