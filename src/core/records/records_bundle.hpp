// Records bundles: a learner's records as one versioned JSON file (docs/records-bundle.md), and merging
// bundles or other progress databases into a database without a server.
#pragma once

#include "core/store/progress_store.hpp"

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace examsim::core {

inline constexpr const char* kBundleFormat = "examsim-records";
// Version 2 (schema v3): adjustments with their item and result, and learners' errata reports.
inline constexpr int kBundleVersion = 2;

struct BundleError {
    std::string message; // "<file>: <what is wrong>"
};

// The bundle text (JSON) of these records. `exportedAt` in seconds since the epoch (0: now).
std::string writeRecordsBundle(const RecordSet& records, std::int64_t exportedAt = 0);
// Reads and checks a bundle completely (types, references between records, snapshot hashes); `source`
// names the file in messages.
std::variant<RecordSet, BundleError> readRecordsBundle(const std::string& text, const std::string& source);

struct MergedSource {
    std::string source;
    std::string kind; // "bundle" or "database"
    MergeCounts counts;
};

// Reads every file (a bundle, or a progress database recognised by its SQLite header) and checks it
// before touching the store; when any is refused nothing is merged. Then merges all of them in one
// transaction.
std::variant<std::vector<MergedSource>, BundleError>
mergeRecordFiles(ProgressStore& store, const std::vector<std::filesystem::path>& files);

} // namespace examsim::core
