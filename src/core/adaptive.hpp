// Adaptive study (issue 9): the rating of each answer, FSRS memory states replayed from a learner's
// answers, what is due and when, the Due study session, and calibration of sure / unsure answers.
// Plain data in, plain structs out: the store supplies the answers, screens show the results.
#pragma once

#include "core/bank_set.hpp"
#include "core/fsrs.hpp"
#include "core/paper.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace examsim::core {

// One answered response as the store keeps it, with what the scheduler needs.
struct ReviewRecord {
    std::string questionId;
    std::string topic;
    std::string level;        // of the question as delivered ("foundation", …)
    std::string type;         // of the question as delivered ("single", …)
    std::string snapshotHash; // the question as delivered (question_snapshots.hash)
    bool correct = false;
    bool flagged = false;
    int confidence = -1; // -1 not given, 0 unsure, 1 sure
    std::int64_t timeMs = 0;
    std::int64_t answeredAt = 0; // seconds since the epoch
};

// wrong -> Again; right but flagged or unsure -> Hard; right, sure and faster than `fastMs` -> Easy;
// otherwise right -> Good.
Rating ratingFor(bool correct, bool flagged, int confidence, std::int64_t timeMs, std::int64_t fastMs);

// "Fast" per question type: half the learner's median time on answers of that type (at least
// kMinAnswersForMedian of them with a time), else kDefaultFastMs.
inline constexpr std::int64_t kDefaultFastMs = 15'000;
inline constexpr std::size_t kMinAnswersForMedian = 5;
std::map<std::string, std::int64_t> fastThresholds(const std::vector<ReviewRecord>& records);

// What a question asks and accepts: type, stem, assertion and reason, options, premises and items (ids
// and texts) and the key. A change to any of these restarts the question's memory state; edits to the
// explanation, rationales, references, topics, tags, difficulty or marks do not.
std::string keyFingerprint(const Question& q);

struct CardState {
    std::string questionId;
    std::string topic;
    std::string level;
    MemoryState memory;
    int reviews = 0; // answers counted since the last key change
    Rating lastRating = Rating::Good;
    std::int64_t lastReviewAt = 0;
    int intervalDays = 0; // after fuzz
    std::int64_t dueAt = 0;
    double retrievability = 0; // at `now`
    bool due = false;          // dueAt <= now
};

struct ReplayOptions {
    FsrsParameters fsrs;
    std::string learnerId; // part of the fuzz seed
    std::int64_t now = 0;  // seconds since the epoch
};

// Replays the records in answered_at order, one memory state per question. `fingerprintOf` gives the
// key fingerprint of a stored snapshot hash ("" when unknown); `currentFingerprint` that of each question
// in the banks now. Records before the last one whose fingerprint differs from the current one are left
// out: the question restarts from its first answer after the change.
std::vector<CardState> replayCards(const std::vector<ReviewRecord>& records, const ReplayOptions& options,
                                   const std::unordered_map<std::string, std::string>& fingerprintOf,
                                   const std::unordered_map<std::string, std::string>& currentFingerprint);

// The key fingerprint of every question in the banks.
std::unordered_map<std::string, std::string> currentFingerprints(const BankSet& banks);

// Due cards (of `level` when given), lowest retrievability first, then most overdue.
std::vector<CardState> dueCards(const std::vector<CardState>& cards, std::int64_t now,
                                const std::string& level = "");

struct DueForecast {
    int dueNow = 0;         // due or overdue at `now`
    std::vector<int> byDay; // byDay[k]: falling due in (now + k days, now + (k+1) days], k = 0..days-1
    int total = 0;          // questions with a memory state
};
DueForecast dueForecast(const std::vector<CardState>& cards, std::int64_t now, int days = 14,
                        const std::string& level = "");

// A Due study session: due questions of the level first (lowest retrievability first), then questions
// the learner has never answered, from the weakest topics first (`topicShare`: share right per topic;
// topics without answers count as 0.5), at most `count` in all. Questions no longer in the banks, drafts
// and questions whose state restarted and has no answers yet are served as new.
struct DueSessionSpec {
    Level level = Level::Foundation;
    int count = 10;
    std::uint64_t seed = 0;
    std::int64_t now = 0;
};
struct DueSession {
    Paper paper;
    int dueCount = 0; // the first dueCount items are due reviews, the rest new questions
};
std::variant<DueSession, AssemblyError>
assembleDueSession(const BankSet& banks, const std::vector<CardState>& cards,
                   const std::unordered_map<std::string, double>& topicShare, const DueSessionSpec& spec);

// Calibration: per confidence level, how often the learner was right.
struct CalibrationRow {
    int confidence = -1; // 1 sure, 0 unsure, -1 not given
    int answers = 0;
    int correct = 0;
    double share() const { return answers ? static_cast<double>(correct) / answers : 0.0; }
};
std::string_view confidenceName(int confidence); // "sure", "unsure", "not given"
// Rows for sure, unsure and not given, in that order (zero rows included).
std::vector<CalibrationRow> calibrationOf(const std::vector<ReviewRecord>& records);

} // namespace examsim::core
