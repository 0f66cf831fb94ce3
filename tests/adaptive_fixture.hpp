// Issue 9 test fixtures: a generated bank of single-answer questions on several topics, and a progress
// database with answers given at chosen times (answered_at set directly, so no test reads the clock).
#pragma once

#include "core/bank_set.hpp"
#include "core/store/progress_store.hpp"
#include "test_util.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace examsim::test {

// Topics under one group "grp"; questions "<TOPIC>-<n>" (n from 1), single answer, key "a".
// `level` for every question; `stemSuffix` changes every stem (a changed question for key-change tests).
std::string adaptiveBankJson(const std::vector<std::string>& topics, int perTopic,
                             const std::string& level = "foundation", const std::string& keyOf1 = "a");

constexpr std::int64_t kT0 = 1'780'000'000; // a fixed "now" base: 2026-05-28T20:26:40Z
constexpr std::int64_t kDaySeconds = 86'400;

struct StudyDb {
    TempDir dir;
    std::unique_ptr<core::ProgressStore> store;
    core::Learner learner;
    core::BankSet banks;

    explicit StudyDb(const std::string& bankJson, const std::string& learnerName = "Ann");
    void reloadBanks(const std::string& bankJson); // a trainer edits the bank
    // One answer in an attempt of its own.
    void answer(const std::string& questionId, bool correct, std::int64_t at, int confidence = -1,
                bool flagged = false, std::int64_t timeMs = 20'000);
    std::filesystem::path bankDir() const { return dir.path() / "banks"; }
    std::filesystem::path dbPath() const { return dir.path() / "progress.db"; }
};

} // namespace examsim::test
