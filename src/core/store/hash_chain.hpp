// The per-learner hash chain over finished records (issue 10): each attempt result, the attempt's
// response set and each adjustment is hashed with the hash before it, so an edit made outside the
// program shows. Internal to src/core/store/: the store calls these inside its own transactions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace examsim::core::chain_detail {

// Appends the entries of a finished attempt (its result, then its response set) to its learner's chain.
void appendAttempt(SQLite::Database& db, const std::string& attemptId);
// Appends one adjustment record (by its row id) to the chain of the attempt's learner.
void appendAdjustment(SQLite::Database& db, std::int64_t adjustmentId);
// Drops and recomputes a learner's chain from the records as they are now, in the order they happened
// (migration from v3, and the sample-data generator moving attempts in time).
void rebuildLearner(SQLite::Database& db, const std::string& learnerId);
void rebuildAll(SQLite::Database& db);

} // namespace examsim::core::chain_detail
