// Item analysis: which questions work, from marks of many attempts, with the definitions of Moodle's
// quiz statistics report (docs/item-analysis.md). Pure computation; the store and a marks CSV feed it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace examsim::core {

// One question as one attempt met it.
struct ItemMark {
    std::string questionId;
    double mark = 0;    // marks earned
    double maxMark = 1; // the question's marks on that paper
    std::vector<std::string>
        chosen; // option ids chosen (choice questions from stored attempts; empty otherwise)
};

struct AttemptMarks {
    std::string attemptId;
    std::vector<ItemMark> items; // the questions the attempt contained
};

struct ItemOption {
    std::string id;
    std::string text;
    bool key = false;
};

// What is known of a question beyond its marks: its options, for counting how often each is chosen.
struct ItemInfo {
    std::string questionId;
    std::vector<ItemOption> options; // empty: no per-option figures (matrix data, matching, sequencing)
};

struct MarksData {
    std::vector<AttemptMarks> attempts;
    std::vector<ItemInfo> items; // optional; questions without an entry get no option figures
};

struct OptionStats {
    std::string id;
    std::string text;
    bool key = false;
    int chosen = 0;         // attempts that chose it
    int chosenByStrong = 0; // of the strong candidates (top third by rest score)
    double share = 0;       // chosen / attempts of the question
};

struct QuestionStats {
    std::string questionId;
    int attempts = 0; // attempts that contained the question (Moodle's s)
    double maxMark = 0;
    double meanMark = 0;
    double facility = 0;                  // mean mark / max mark, 0..1
    std::optional<double> sd;             // of the mark, as a fraction of the max mark (needs 2 attempts)
    std::optional<double> discrimination; // percent, -100..100: correlation of mark and rest-of-paper score
    std::optional<double> efficiency;     // percent: discrimination relative to the most it could be
    int strongCandidates = 0;
    std::vector<OptionStats> options;
    std::vector<std::string> flags; // reasons to review it, in words
};

struct PaperStats {
    int attempts = 0;
    int questions = 0;          // distinct questions over all attempts
    bool sameQuestions = false; // every attempt contained the same questions (a matrix, a fixed paper)
    double maxMark = 0;         // of the paper, when sameQuestions
    double meanPercent = 0;     // mean of the attempts' percentages
    std::optional<double> sdPercent;
    // Only when sameQuestions (Moodle's quiz-level figures, in marks):
    std::optional<double> mean, sd, skewness, kurtosis;
    std::optional<double> cic;           // coefficient of internal consistency (Cronbach's alpha x 100)
    std::optional<double> errorRatio;    // percent
    std::optional<double> standardError; // marks
};

struct ItemAnalysis {
    PaperStats paper;
    std::vector<QuestionStats> questions; // in order of first appearance
};

// Thresholds for review flags.
inline constexpr double kFacilityLow = 0.2;
inline constexpr double kFacilityHigh = 0.95;
inline constexpr double kEfficiencyLowPercent = 15;

ItemAnalysis analyseItems(const MarksData& data);

// A marks matrix: header "attempt,<question id>,...", one row per attempt, each cell the mark as a
// fraction 0..1 of that question's maximum, empty when the question was not presented.
struct MarksCsvError {
    std::vector<std::string> messages; // "line 3, column 2 (Q1): ..." each
};
std::variant<MarksData, MarksCsvError> parseMarksCsv(std::string_view text);
std::variant<MarksData, MarksCsvError> readMarksCsv(const std::filesystem::path& path);

// A marks CSV holds fractions of each question's maximum. Where `marksOf` knows a question (the loaded
// banks do), its cells become marks out of its marks, so that totals and rest scores weigh questions
// as the paper did (as Moodle's do). Returns how many questions were weighed.
std::size_t applyQuestionMarks(MarksData& data,
                               const std::function<std::optional<double>(const std::string&)>& marksOf);

enum class ItemSortKey { Paper, Question, Facility, Sd, Discrimination, Efficiency, Attempts };
std::optional<ItemSortKey> itemSortKeyFromString(std::string_view s);
// Paper order keeps the order of first appearance; the figures sort ascending, missing values last.
void sortQuestionStats(std::vector<QuestionStats>& stats, ItemSortKey key);

} // namespace examsim::core
